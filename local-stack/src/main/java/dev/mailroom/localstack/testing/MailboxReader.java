package dev.mailroom.localstack.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

/**
 * Reads a mailbox of the local stack's mail server over real IMAP or POP3, as a mail client would. The caller's
 * test classpath provides a Jakarta Mail implementation (Angus Mail).
 */
public final class MailboxReader {

    private final String host;

    public MailboxReader(String host) {
        this.host = host;
    }

    /**
     * Every message in the address's inbox, copied so it can be read after the connection closes.
     *
     * @param protocol {@code imap} or {@code pop3}
     */
    public List<MimeMessage> messages(String protocol, int port, String address) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore(protocol);
        // The local stack's mail server has authentication off: any password opens any mailbox.
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

    /** The messages whose Message-ID header is {@code messageId}. */
    public List<MimeMessage> withMessageId(String protocol, int port, String address, String messageId)
            throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : messages(protocol, port, address)) {
            if (messageId.equals(message.getMessageID())) {
                found.add(message);
            }
        }
        return found;
    }
}
