package dev.mailroom.localstack;

import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Real SMTP, POP3 and IMAP servers (GreenMail) on loopback. Authentication is off: any address is a mailbox and
 * any password opens it, which is what a developer pointing a mail client at the local run expects.
 */
final class MailServer implements StackComponent {

    private static final String HOST = "127.0.0.1";

    private final int smtpPort;
    private final int pop3Port;
    private final int imapPort;
    private GreenMail greenMail;

    MailServer(FreePorts ports) {
        this.smtpPort = ports.port(3025);
        this.pop3Port = ports.port(3110);
        this.imapPort = ports.port(3143);
    }

    @Override
    public void start() {
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, HOST, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(pop3Port, HOST, ServerSetup.PROTOCOL_POP3),
                new ServerSetup(imapPort, HOST, ServerSetup.PROTOCOL_IMAP) })
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
    }

    @Override
    public Map<String, String> addresses() {
        return Map.of(
                StackAddresses.MAIL_HOST, HOST,
                StackAddresses.SMTP_PORT, String.valueOf(smtpPort),
                StackAddresses.POP3_PORT, String.valueOf(pop3Port),
                StackAddresses.IMAP_PORT, String.valueOf(imapPort));
    }

    @Override
    public void close() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
