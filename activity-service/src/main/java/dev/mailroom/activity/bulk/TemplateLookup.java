package dev.mailroom.activity.bulk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads an email template from the {@code template} table (Dataverse's logical name and columns): subject and body
 * in the stored XSLT form, which bulk-mail-service renders with the templating module.
 */
@ApplicationScoped
public class TemplateLookup {

    private final DataSource dataSource;

    public TemplateLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<BulkTemplate> find(UUID templateId) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT title, subject, body, templatetypecode FROM template WHERE templateid = ?")) {
                statement.setObject(1, templateId);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new BulkTemplate(templateId, rs.getString(1), rs.getString(2),
                                    rs.getString(3), rs.getString(4)))
                            : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read template " + templateId + ": " + e.getMessage(), e);
        }
    }
}
