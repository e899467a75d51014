package dev.mailroom.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.events.CloudEventHeaders;
import dev.mailroom.events.Topics;
import dev.mailroom.endtoend.observability.Scrape;
import dev.mailroom.localstack.StackAddresses;
import dev.mailroom.localstack.testing.KafkaTestClient;
import dev.mailroom.localstack.testing.MailboxReader;
import dev.mailroom.localstack.testing.TestIdentity;

/**
 * SendBulkMail end to end on real parts: activity-service records the job, two bulk-mail-service instances share its
 * pages, activity-service records the emails, the router sends them over SMTP and the statuses come back.
 */
class BulkMailFlowTest {

    @RegisterExtension
    static final BulkMailPlatform PLATFORM = new BulkMailPlatform();

    private static final String ADMIN = "6d61696c-726f-4f6d-8000-000000000002";
    private static WebApiClient api;
    private static UUID template;

    @BeforeAll
    static void prepare() throws Exception {
        api = new WebApiClient(PLATFORM.activityUrl(), TestIdentity.administratorToken());
        // Authored through the Web API in the readable placeholder form, stored as Dataverse's XSLT.
        HttpResponse<String> created = api.post("templates", """
                {"title": "Newsletter", "templatetypecode": "contact",
                 "subject": "News for {!contact:firstname;you}",
                 "body": "<p>Dear {!contact:firstname;Valued Customer},</p>\
                <a href=\\"{!mailroom:unsubscribeurl}\\">Unsubscribe</a>"}
                """);
        assertEquals(204, created.statusCode(), created.body());
        String entityId = created.headers().firstValue("OData-EntityId").orElseThrow();
        template = UUID.fromString(entityId.substring(entityId.lastIndexOf('(') + 1, entityId.length() - 1));
    }

    @Test
    void shouldSendOneEmailPerRecipientSkippingTheExcludedAndTheRepeated() throws Exception {
        String tag = "T" + UUID.randomUUID().toString().substring(0, 8);
        List<String> addresses = new java.util.ArrayList<>();
        UUID adaId = null;
        for (int i = 0; i < 10; i++) {
            String address = tag.toLowerCase() + "-" + i + "@example.org";
            addresses.add(address);
            UUID id = contact(i == 0 ? "Ada & <Co>" : "Reader" + i, tag, address, false, false);
            adaId = i == 0 ? id : adaId;
        }
        contact("Quiet", tag, tag + "-quiet@example.org", false, true);
        contact("Private", tag, tag + "-private@example.org", true, false);
        contact("Nowhere", tag, null, false, false);
        contact("Again", tag, addresses.get(3).toUpperCase(), false, false);
        UUID regarding = contact("Campaign", "Owner", null, false, false);

        double createdBefore = bulkRecipients("created");
        double skippedBefore = bulkRecipients("skipped");
        long requestedFrom = System.currentTimeMillis();
        String job = sendBulkMail(regarding, "contacts?$filter=lastname eq '" + tag + "'");
        long requestedTo = System.currentTimeMillis();
        JsonNode done = awaitJob(job, 30, Duration.ofSeconds(180));
        // The bulk-job progress operators see: recipients dealt with, over every instance, and jobs by state.
        assertEquals(10, bulkRecipients("created") - createdBefore);
        assertEquals(4, bulkRecipients("skipped") - skippedBefore);
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> Scrape
                .of(PLATFORM.bulkUrls().get(0)).sum("mailroom_bulk_jobs", "state=\"completed\"") >= 1);
        assertEquals(14, done.get("mailroom_total").asInt(), done.toString());
        assertEquals(10, done.get("mailroom_created").asInt(), done.toString());
        assertEquals(4, done.get("mailroom_skipped").asInt(), done.toString());
        assertEquals(3, done.get("statecode").asInt());
        assertTrue(done.get("friendlymessage").asText().contains("10 emails created"), done.toString());

        // Every email is an ordinary row, regarding the record, and the router takes each one to Sent.
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.json(api.get("asyncoperations(" + job + ")")).get("mailroom_sent").asInt() == 10);
        JsonNode emails = api.json(api.get("emails?$select=subject,description,statuscode,torecipients&$filter="
                + encode("_regardingobjectid_value eq " + regarding)));
        assertEquals(10, emails.get("value").size(), emails.toString());
        Set<String> to = new HashSet<>();
        for (JsonNode email : emails.get("value")) {
            assertEquals(3, email.get("statuscode").asInt(), email.toString());
            to.add(email.get("torecipients").asText());
        }
        assertEquals(new HashSet<>(addresses), to);
        // The emails' ids are time-ordered (bulk-mail-service's BulkEmailIds): version 8, all led by the job's start.
        Set<UUID> ids = emailIds(regarding);
        assertEquals(10, ids.size());
        for (UUID id : ids) {
            long started = id.getMostSignificantBits() >>> 16;
            assertEquals(8, id.version(), id.toString());
            assertTrue(started >= requestedFrom - 1 && started <= requestedTo, id + " led by " + started);
        }
        assertEquals(1, ids.stream().map(id -> id.getMostSignificantBits() >>> 16).distinct().count(), ids.toString());

        StackAddresses stack = PLATFORM.addresses();
        List<MimeMessage> ada = new MailboxReader(stack.get(StackAddresses.MAIL_HOST))
                .messages("imap", stack.port(StackAddresses.IMAP_PORT), addresses.get(0));
        assertEquals(1, ada.size());
        assertEquals("News for Ada & <Co>", ada.get(0).getSubject());
        assertTrue(ada.get(0).getContent().toString().contains("<p>Dear Ada &amp; &lt;Co&gt;,</p>"));
        assertUnsubscribesInOneClick(ada.get(0), adaId);
        List<MimeMessage> repeated = new MailboxReader(stack.get(StackAddresses.MAIL_HOST))
                .messages("imap", stack.port(StackAddresses.IMAP_PORT), addresses.get(3));
        assertEquals(1, repeated.size(), "one email for an address listed twice");
    }

    /**
     * The job is held at its first page while the cancellation arrives: the test locks bulk-mail-service's inbox
     * table ({@code processed_event}) against inserts before the job starts, so every instance that takes a page
     * waits at the page's first statement, before it looks at the job. Only once a page is seen waiting there (the
     * job has started and published its first page) is the job canceled, and the lock is given back only once the
     * job is Canceled (32). However fast or slow the machine, no page can be fanned out before the cancellation, and
     * every page taken afterwards must be passed over.
     */
    @Test
    void shouldStopTheRemainingPagesWhenCanceled() throws Exception {
        String tag = insertContacts(3000);
        UUID regarding = contact("Campaign", "Owner", null, false, false);
        JsonNode canceled;
        try (Connection hold = PLATFORM.database()) {
            hold.setAutoCommit(false);
            try (Statement lock = hold.createStatement()) {
                lock.execute("LOCK TABLE bulkmail.processed_event IN SHARE MODE");
            }
            String job = sendBulkMail(regarding, "contacts?$filter=lastname eq '" + tag + "'");
            Awaitility.await("a page of the job waiting at its first statement").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200)).until(BulkMailFlowTest::pagesWaitingForTheInbox, n -> n > 0);
            Instant firstPageHeld = Instant.now();
            HttpResponse<String> cancel = api.patch("asyncoperations(" + job + ")", "{\"statuscode\":22}");
            assertEquals(204, cancel.statusCode(), cancel.body());
            canceled = awaitJob(job, 32, Duration.ofSeconds(180));
            // Held past the minute in which a page used to give up its retries, be nacked and stop the instance's
            // page channel for good: the pages must outlast it, and the next job must still fan out.
            Duration left = Duration.ofSeconds(75).minus(Duration.between(firstPageHeld, Instant.now()));
            if (!left.isNegative()) {
                Thread.sleep(left.toMillis());
            }
            hold.rollback();
        }
        int created = canceled.get("mailroom_created").asInt();
        assertTrue(created < 3000, "pages after the cancellation were fanned out: " + canceled);
        assertEquals(0, created, "a page held before the cancellation was fanned out: " + canceled);
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> countEmails(regarding) == created);
        // The held pages are let go now, and every one is passed over: no email comes afterwards.
        Thread.sleep(5000);
        assertEquals(created, countEmails(regarding));

        UUID nextRegarding = contact("Campaign", "Next", null, false, false);
        String nextTag = insertContacts(3);
        String next = sendBulkMail(nextRegarding, "contacts?$filter=lastname eq '" + nextTag + "'");
        JsonNode succeeded = awaitJob(next, 30, Duration.ofSeconds(180));
        assertEquals(3, succeeded.get("mailroom_created").asInt(), "the job after a long hold: " + succeeded);
    }

    /** Sessions of bulk-mail-service waiting for the test's lock on its inbox table: pages being taken. */
    private static int pagesWaitingForTheInbox() throws SQLException {
        try (Connection db = PLATFORM.database(); Statement query = db.createStatement();
                ResultSet waiting = query.executeQuery("SELECT count(*) FROM pg_locks l "
                        + "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.relation = "
                        + "'bulkmail.processed_event'::regclass AND NOT l.granted AND a.query ILIKE 'INSERT%'")) {
            waiting.next();
            return waiting.getInt(1);
        }
    }

    /** SIGKILL (Process.destroyForcibly), not a graceful stop: no shutdown hook, no commit, no rebalance. */
    @Test
    void shouldCreateEveryEmailOnceWhenAnInstanceIsKilledMidJob() throws Exception {
        int recipients = 2000;
        String tag = insertContacts(recipients);
        UUID regarding = contact("Campaign", "Owner", null, false, false);
        String job = sendBulkMail(regarding, "contacts?$filter=lastname eq '" + tag + "'");
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.json(api.get("asyncoperations(" + job + ")")).get("mailroom_created").asInt() > 0);
        PLATFORM.killSecondBulkInstance();
        int createdAtKill = api.json(api.get("asyncoperations(" + job + ")")).get("mailroom_created").asInt();
        assertTrue(createdAtKill < recipients, "the job had ended before the kill: " + createdAtKill);

        JsonNode done = awaitJob(job, 30, Duration.ofSeconds(300));
        assertEquals(recipients, done.get("mailroom_total").asInt(), done.toString());
        assertEquals(recipients, done.get("mailroom_created").asInt(), done.toString());
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> countEmails(regarding) == recipients);

        // Exactly one pending event per recipient reached the routers, and the router sent each one.
        Set<UUID> ids = emailIds(regarding);
        assertEquals(recipients, ids.size());
        assertEquals(recipients, pendingRecords(ids, recipients));
        Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(2))
                .until(() -> api.json(api.get("asyncoperations(" + job + ")")).get("mailroom_sent").asInt()
                        == recipients);
    }

    /**
     * The pager reads recipients in batches of {@link BulkMailPlatform#READ_SIZE} and publishes each as pages of
     * {@link BulkMailPlatform#PAGE_SIZE}: 251 recipients are reads of 100, 100 and 51, published as 5 + 5 + 3 pages
     * numbered 1 to 13 without a gap, every recipient dealt with once; an address repeated in another read still gets
     * one email.
     */
    @Test
    void shouldPublishEachReadAsConsecutivePagesDealingWithEveryRecipientOnce() throws Exception {
        String tag = insertContacts(250);
        try (Connection db = PLATFORM.database(); PreparedStatement insert = db.prepareStatement(
                "INSERT INTO activity.contact (contactid, firstname, lastname, emailaddress1, createdon, modifiedon) "
                        + "VALUES (gen_random_uuid(), 'Again', ?, upper(?) || '-7@EXAMPLE.ORG', now(), now())")) {
            insert.setString(1, tag);
            insert.setString(2, tag);
            insert.executeUpdate();
        }
        UUID regarding = contact("Campaign", "Owner", null, false, false);
        String job = sendBulkMail(regarding, "contacts?$filter=lastname eq '" + tag + "'");
        JsonNode done = awaitJob(job, 30, Duration.ofSeconds(180));
        assertEquals(251, done.get("mailroom_total").asInt(), done.toString());
        assertEquals(250, done.get("mailroom_created").asInt(), done.toString());
        assertEquals(1, done.get("mailroom_skipped").asInt(), done.toString());

        try (Connection db = PLATFORM.database(); Statement query = db.createStatement()) {
            try (ResultSet paging = query.executeQuery("SELECT pages_published, recipients_read, paging_done "
                    + "FROM bulkmail.bulk_job WHERE job_id = '" + UUID.fromString(job) + "'")) {
                assertTrue(paging.next());
                assertEquals(13, paging.getInt(1));
                assertEquals(251, paging.getInt(2));
                assertTrue(paging.getBoolean(3));
            }
            try (ResultSet pages = query.executeQuery("SELECT count(*), min(page_number), max(page_number), "
                    + "count(DISTINCT page_number), sum(created + skipped), max(created + skipped) "
                    + "FROM bulkmail.bulk_page WHERE job_id = '" + UUID.fromString(job) + "'")) {
                assertTrue(pages.next());
                assertEquals(List.of(13, 1, 13, 13, 251), List.of(pages.getInt(1), pages.getInt(2), pages.getInt(3),
                        pages.getInt(4), pages.getInt(5)));
                assertTrue(pages.getInt(6) <= BulkMailPlatform.PAGE_SIZE, "a page over the page size");
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> countEmails(regarding) == 250);
        assertEquals(250, emailIds(regarding).size());
    }

    /** A FetchXML Query selects the same recipients its $filter twin would, end to end. */
    @Test
    void shouldSendToTheRecipientsOfAFetchXmlQuery() throws Exception {
        String tag = "F" + UUID.randomUUID().toString().substring(0, 8);
        contact("Ann", tag, tag + "-ann@example.org", false, false);
        contact("Bob", tag, tag + "-bob@example.net", false, false);
        contact("Cat", tag, tag + "-cat@example.org", false, false);
        UUID regarding = contact("Campaign", "Owner", null, false, false);
        String job = sendBulkMail(template, regarding, ("<fetch><entity name='contact'><filter>"
                + "<condition attribute='lastname' operator='eq' value='%s'/><filter type='or'>"
                + "<condition attribute='firstname' operator='in'><value>Ann</value><value>Cat</value></condition>"
                + "<condition attribute='emailaddress1' operator='like' value='%%.net'/></filter>"
                + "<condition attribute='firstname' operator='ne' value='Cat'/></filter></entity></fetch>")
                .formatted(tag));
        JsonNode done = awaitJob(job, 30, Duration.ofSeconds(180));
        assertEquals(2, done.get("mailroom_created").asInt(), done.toString());
        // activity-service records the created emails from their events, shortly after the job's counts.
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> countEmails(regarding) == 2);
        JsonNode emails = api.json(api.get("emails?$select=torecipients&$filter="
                + encode("_regardingobjectid_value eq " + regarding)));
        Set<String> to = new HashSet<>();
        emails.get("value").forEach(email -> to.add(email.get("torecipients").asText()));
        assertEquals(Set.of(tag + "-ann@example.org", tag + "-bob@example.net"), to);
    }

    /**
     * A template that recurses without end fails its job with the reason, creates no email, and leaves the instances
     * serving the next job.
     */
    @Test
    void shouldFailAJobWhoseTemplateRunsAway() throws Exception {
        String loop = "<?xml version='1.0' ?><xsl:stylesheet xmlns:xsl='http://www.w3.org/1999/XSL/Transform'"
                + " version='1.0'><xsl:output method='text' indent='no'/><xsl:template match='/data'>"
                + "<xsl:call-template name='loop'/></xsl:template><xsl:template name='loop'>"
                + "<xsl:call-template name='loop'/></xsl:template></xsl:stylesheet>";
        HttpResponse<String> created = api.post("templates", """
                {"title": "Runaway", "templatetypecode": "contact", "subject": "Hi", "body": "%s"}
                """.formatted(loop));
        assertEquals(204, created.statusCode(), created.body());
        String entityId = created.headers().firstValue("OData-EntityId").orElseThrow();
        UUID runaway = UUID.fromString(entityId.substring(entityId.lastIndexOf('(') + 1, entityId.length() - 1));
        String tag = insertContacts(60);
        UUID regarding = contact("Campaign", "Owner", null, false, false);

        String job = sendBulkMail(runaway, regarding, "contacts?$filter=lastname eq '" + tag + "'");
        JsonNode failed = awaitJob(job, 31, Duration.ofSeconds(180));
        assertTrue(failed.get("friendlymessage").asText().contains("recurses too deeply"), failed.toString());
        assertEquals(0, countEmails(regarding));

        String next = sendBulkMail(template, regarding, "contacts?$filter=lastname eq '" + tag + "'");
        assertEquals(60, awaitJob(next, 30, Duration.ofSeconds(180)).get("mailroom_created").asInt());
    }

    /**
     * Reads email-pending from the start until {@code expected} events of these emails came and 5 s more, and counts
     * the distinct events (email id and CloudEvent id). The outbox delivers at least once: an instance killed after
     * Kafka's acknowledgement and before deleting its rows has them published again by the other, with the same
     * ce_id, which consumers de-duplicate on. A second email for a recipient would be a second event id.
     */
    private static int pendingRecords(Set<UUID> ids, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PLATFORM.addresses().get(StackAddresses.KAFKA_BOOTSTRAP));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bulk-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> events = new HashSet<>();
        int found = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.EMAIL_PENDING));
            Instant deadline = Instant.now().plusSeconds(180);
            Instant quiet = null;
            while (Instant.now().isBefore(deadline) && (quiet == null || Instant.now().isBefore(quiet))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && ids.contains(UUID.fromString(record.key()))
                            && events.add(record.key() + " " + KafkaTestClient.header(record, CloudEventHeaders.ID))) {
                        found++;
                    }
                }
                if (found >= expected && quiet == null) {
                    quiet = Instant.now().plusSeconds(5);
                }
            }
        }
        return found;
    }

    private static String sendBulkMail(UUID regarding, String query) throws Exception {
        return sendBulkMail(template, regarding, query);
    }

    private static String sendBulkMail(UUID template, UUID regarding, String query) throws Exception {
        HttpResponse<String> response = api.post("SendBulkMail", """
                {"Sender": {"@odata.type": "Microsoft.Dynamics.CRM.systemuser", "systemuserid": "%s"},
                 "TemplateId": "%s", "RegardingType": "contact", "RegardingId": "%s", "Query": "%s"}
                """.formatted(ADMIN, template, regarding, query));
        assertEquals(200, response.statusCode(), response.body());
        return api.json(response).get("AsyncOperationId").asText();
    }

    private static JsonNode awaitJob(String job, int statuscode, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> api.json(api.get("asyncoperations(" + job + ")")),
                        operation -> operation.get("statuscode").asInt() == statuscode);
    }

    private static int countEmails(UUID regarding) throws Exception {
        return Integer.parseInt(api.get("emails/$count?$filter=" + encode("_regardingobjectid_value eq "
                + regarding)).body().trim().replace("\uFEFF", ""));
    }

    private static Set<UUID> emailIds(UUID regarding) throws Exception {
        Set<UUID> ids = new HashSet<>();
        String next = "emails?$select=activityid&$filter=" + encode("_regardingobjectid_value eq " + regarding);
        while (next != null) {
            JsonNode page = api.json(api.get(next));
            page.get("value").forEach(email -> ids.add(UUID.fromString(email.get("activityid").asText())));
            JsonNode link = page.get("@odata.nextLink");
            next = link == null ? null : link.asText().substring(api.serviceRoot().length());
        }
        return ids;
    }

    /**
     * A bulk email offers one-click unsubscribe (RFC 8058): its List-Unsubscribe URL, POSTed as a mailbox provider
     * does (no token, a form body), opts the recipient out of bulk email.
     */
    private static void assertUnsubscribesInOneClick(MimeMessage message, UUID recipient) throws Exception {
        assertEquals("List-Unsubscribe=One-Click", message.getHeader("List-Unsubscribe-Post", null));
        String header = message.getHeader("List-Unsubscribe", null);
        assertTrue(header != null && header.startsWith("<" + PLATFORM.activityUrl() + "/unsubscribe/")
                && header.endsWith(">"), String.valueOf(header));
        // The template's footer shows the same link ({!mailroom:unsubscribeurl}).
        String link = header.substring(1, header.length() - 1);
        assertTrue(message.getContent().toString().contains("<a href=\"" + link + "\">Unsubscribe</a>"),
                message.getContent().toString());
        assertEquals(false, api.json(api.get("contacts(" + recipient + ")")).get("donotbulkemail").asBoolean());
        HttpResponse<String> clicked = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(link))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, clicked.statusCode(), clicked.body());
        assertEquals(true, api.json(api.get("contacts(" + recipient + ")")).get("donotbulkemail").asBoolean());
    }

    private static UUID contact(String firstname, String lastname, String email, boolean doNotEmail,
            boolean doNotBulkEmail) throws Exception {
        HttpResponse<String> response = api.post("contacts", """
                {"firstname": %s, "lastname": %s, "emailaddress1": %s, "donotemail": %s, "donotbulkemail": %s}
                """.formatted(quoted(firstname), quoted(lastname), quoted(email), doNotEmail, doNotBulkEmail));
        assertEquals(204, response.statusCode(), response.body());
        String entityId = response.headers().firstValue("OData-EntityId").orElseThrow();
        return UUID.fromString(entityId.substring(entityId.length() - 37, entityId.length() - 1));
    }

    /** Many contacts at once, straight into activity-service's table: the API's own writes are not under test. */
    private static String insertContacts(int count) throws Exception {
        String tag = "T" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection db = PLATFORM.database(); PreparedStatement insert = db.prepareStatement(
                "INSERT INTO activity.contact (contactid, firstname, lastname, fullname, emailaddress1, createdon, "
                        + "modifiedon) SELECT gen_random_uuid(), 'Reader' || n, ?, 'Reader' || n || ' ' || ?, "
                        + "lower(?) || '-' || n || '@example.org', now(), now() FROM generate_series(1, ?) AS n")) {
            insert.setString(1, tag);
            insert.setString(2, tag);
            insert.setString(3, tag);
            insert.setInt(4, count);
            insert.executeUpdate();
        }
        return tag;
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value.replace("\"", "\\\"") + "\"";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Recipients the running bulk-mail-service instances have counted (mailroom_bulk_recipients_total). */
    private static double bulkRecipients(String outcome) throws Exception {
        double sum = 0;
        for (String url : PLATFORM.bulkUrls()) {
            sum += Scrape.of(url).sum("mailroom_bulk_recipients_total", "outcome=\"" + outcome + "\"");
        }
        return sum;
    }
}
