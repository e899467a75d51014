package dev.mailroom.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.microprofile.config.ConfigProvider;

/** Reads a mailbox of the test mail server over real IMAP, as a mail client would. */
public final class ImapMailbox {

    private ImapMailbox() {
    }

    /** Every message in the address's inbox, fully loaded so it can be read after the connection closes. */
    public static List<MimeMessage> messagesFor(String address) throws MessagingException {
        var config = ConfigProvider.getConfig();
        String host = config.getValue("local-stack.mail.host", String.class);
        int port = config.getValue("local-stack.mail.imap-port", Integer.class);
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(host, port, address, "any-password");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<MimeMessage> messages = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                messages.add(new MimeMessage((MimeMessage) message));
            }
            inbox.close(false);
            return messages;
        } finally {
            store.close();
        }
    }

    public static List<MimeMessage> withMessageId(String address, String messageId) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : messagesFor(address)) {
            if (messageId.equals(message.getMessageID())) {
                found.add(message);
            }
        }
        return found;
    }
}
