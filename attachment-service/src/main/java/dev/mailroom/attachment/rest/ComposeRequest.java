package dev.mailroom.attachment.rest;

import java.util.List;

/** {@code POST /blobs/compose}: the blobs to join, in order, and the MIME type of the result. */
public record ComposeRequest(List<String> parts, String mimeType) {
}
