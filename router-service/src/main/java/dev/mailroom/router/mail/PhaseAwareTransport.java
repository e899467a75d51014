package dev.mailroom.router.mail;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * An SMTP connection that remembers whether the current message's final dot went out. A failure before it means the
 * server has nothing (safe to retry); a failure after it, without a reply, means the outcome is unknown.
 * <p>
 * When the server offers PIPELINING (RFC 2920), MAIL, every RCPT and DATA go out without waiting for each other's
 * replies, which are read together once DATA is sent: a message costs two round trips (the envelope with DATA, then
 * the body with its dot) instead of one per command. Angus Mail waits for each reply itself; here its commands are
 * let out as it issues them, each wait answered "250" for the moment, and the real replies checked in order when
 * the reply to DATA is read, before a byte of the message is written. A refused sender or recipient fails the
 * message as it would have one command at a time, with the server's reply code; the connection is then dropped, since
 * the server may already wait for the message (nothing is delivered without the final dot).
 * <p>
 * The message is written through a buffer: the mail library's encoders write byte by byte, and each byte would
 * otherwise go through the dot-stuffing stream's per-byte path.
 */
final class PhaseAwareTransport extends SMTPTransport {

    /** What a pipelined command's reply must be. */
    private record Deferred(String command, boolean recipient) {
    }

    private final boolean pipelining;
    private final List<Deferred> deferred = new ArrayList<>();
    private boolean deferring;
    /** The server said 354 to a message this connection abandoned: it reads whatever comes next as the message. */
    private boolean abandonedMessage;
    private OutputStream body;
    private volatile boolean dotSent;
    private FinalDotGate gate = FinalDotGate.OPEN;
    private int messagesSent;
    private volatile long idleSince = System.nanoTime();

    PhaseAwareTransport(Session session, URLName url, boolean implicitTls) {
        this(session, url, implicitTls, true);
    }

    PhaseAwareTransport(Session session, URLName url, boolean implicitTls, boolean pipelining) {
        super(session, url, implicitTls ? "smtps" : "smtp", implicitTls);
        this.pipelining = pipelining;
    }

    /** Starts a message whose final dot waits for {@code gate}. */
    void beginMessage(FinalDotGate gate) {
        this.gate = gate;
        dotSent = false;
        deferring = false;
        deferred.clear();
        body = null;
    }

    boolean dotSent() {
        return dotSent;
    }

    int countMessage() {
        return ++messagesSent;
    }

    /** Back in the pool from now on. */
    void markIdle() {
        idleSince = System.nanoTime();
    }

    boolean idleLongerThan(long nanos) {
        return System.nanoTime() - idleSince > nanos;
    }

    /** The envelope's first command: from here to DATA, replies are read later when the server pipelines. */
    @Override
    protected void mailFrom() throws MessagingException {
        deferring = pipelining && supportsExtension("PIPELINING");
        super.mailFrom();
    }

    @Override
    protected void sendCommand(String command) throws MessagingException {
        if (abandonedMessage) {
            // Only closing comes after: a QUIT would be read as a line of the message and its reply waited for until
            // the timeout. Refusing it makes close() drop the socket at once, and without the dot the server discards
            // what it has.
            throw new MessagingException("The server waits for a message this connection abandoned: not sending "
                    + command);
        }
        super.sendCommand(command);
        if (deferring) {
            deferred.add(new Deferred(command, command.regionMatches(true, 0, "RCPT", 0, 4)));
        }
    }

    /**
     * While the envelope is pipelined, a reply is not waited for: the command went out and its reply is read with
     * DATA's. The first reply read after that (DATA's) first reads and checks the envelope's, in order.
     */
    @Override
    protected int readServerResponse() throws MessagingException {
        if (deferring) {
            return 250;
        }
        if (!deferred.isEmpty()) {
            checkEnvelopeReplies();
        }
        return super.readServerResponse();
    }

    @Override
    protected OutputStream data() throws MessagingException {
        deferring = false;
        body = new BufferedOutputStream(super.data(), 8192);
        return body;
    }

    /** Reads every pipelined envelope reply; on the first refusal, reads DATA's too and fails the message. */
    private void checkEnvelopeReplies() throws MessagingException {
        List<Deferred> envelope = List.copyOf(deferred);
        deferred.clear();
        MessagingException refusal = null;
        for (Deferred command : envelope) {
            int code = super.readServerResponse();
            boolean accepted = command.recipient() ? code == 250 || code == 251 : code == 250;
            if (!accepted && refusal == null) {
                refusal = refusal(command, code, getLastServerResponse());
            }
        }
        if (refusal != null) {
            // DATA's own reply (354, or a refusal for want of recipients) is read, so the log shows it, and the
            // connection is not reused: a server that said 354 now waits for a message that never comes.
            abandonedMessage = super.readServerResponse() == 354;
            throw refusal;
        }
    }

    private static MessagingException refusal(Deferred command, int code, String reply) {
        if (command.recipient()) {
            String address = command.command().substring(command.command().indexOf(':') + 1).trim();
            if (address.startsWith("<") && address.contains(">")) {
                address = address.substring(1, address.indexOf('>'));
            }
            InternetAddress recipient;
            try {
                recipient = new InternetAddress(address, false);
            } catch (AddressException e) {
                recipient = new InternetAddress();
                recipient.setAddress(address);
            }
            return new SMTPAddressFailedException(recipient, command.command(), code, reply);
        }
        return new SMTPSendFailedException(command.command(), code, reply, null, null, null, null);
    }

    /**
     * Angus Mail's last step of DATA, called with the whole message written and only the dot to go: the one place
     * where the router can hold a message back while nothing has been handed over. An IOException thrown by the gate
     * makes {@code sendMessage} drop the connection without the dot (the server discards the message).
     */
    @Override
    protected void finishData() throws IOException, MessagingException {
        if (body != null) {
            // The rest of the message on into the dot-stuffing stream, whose own flush does nothing: it goes to the
            // server with the dot, or not at all.
            body.flush();
            body = null;
        }
        gate.beforeFinalDot();
        // Everything before this point can fail safely; from here the server may complete the transaction.
        dotSent = true;
        super.finishData();
    }

    /**
     * BDAT (CHUNKING) is never used: the router does not set {@code mail.smtp.chunksize}, so every message ends in
     * {@link #finishData()}. Should it ever be turned on, the last chunk is gated just the same.
     */
    @Override
    protected void finishBdat() throws IOException, MessagingException {
        gate.beforeFinalDot();
        dotSent = true;
        super.finishBdat();
    }
}
