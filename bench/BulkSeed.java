import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Seeds the bulk-mail benchmark: COUNT contacts (lastname = the tag, distinct addresses) and a contact template, in
 * activity-service's schema. Usage: java -cp <stack classpath> bench/BulkSeed.java JDBC_URL USER PASSWORD COUNT TAG
 * TEMPLATE_ID
 */
public class BulkSeed {
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[3]);
        String tag = args[4];
        try (Connection db = DriverManager.getConnection(args[0], args[1], args[2])) {
            try (Statement ddl = db.createStatement()) {
                // A template in the readable placeholder form, as bulk-mail-service renders either form.
                ddl.execute("INSERT INTO activity.template (templateid, title, subject, body, templatetypecode, "
                        + "createdon, modifiedon) VALUES ('" + args[5] + "', 'Benchmark', "
                        + "'News for {!contact:firstname;you}', '<p>Dear {!contact:firstname;Valued Customer},</p>"
                        + "<p>" + "Our news this month. ".repeat(60) + "</p>', 'contact', now(), now())");
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO activity.contact (contactid, firstname, "
                    + "lastname, fullname, emailaddress1, createdon, modifiedon) SELECT gen_random_uuid(), "
                    + "'Reader' || n, ?, 'Reader ' || n, 'reader-' || n || '@example.org', now(), now() "
                    + "FROM generate_series(1, ?) AS n")) {
                insert.setString(1, tag);
                insert.setInt(2, count);
                insert.executeUpdate();
            }
            try (Statement analyze = db.createStatement()) {
                analyze.execute("ANALYZE activity.contact");
            }
        }
    }
}
