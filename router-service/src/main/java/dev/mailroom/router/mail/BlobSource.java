package dev.mailroom.router.mail;

import java.io.IOException;
import java.io.InputStream;

/** Where attachment bytes come from when a message is written: opened per write, streamed, closed by the caller. */
public interface BlobSource {

    InputStream open(String sha256) throws IOException;
}
