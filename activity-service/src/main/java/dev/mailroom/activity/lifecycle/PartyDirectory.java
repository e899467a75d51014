package dev.mailroom.activity.lifecycle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The records an email party can be (contact, account, lead, systemuser, queue): the address each one is mailed
 * at and whether it allows email, and which record an address belongs to.
 */
@ApplicationScoped
public class PartyDirectory {

    /** A record an email party names, with the address it is mailed at (null if it has none). */
    public record Party(UUID id, String type, String address, boolean doNotEmail) {
    }

    /** Where each table keeps its primary address and its Do Not Email flag; the order is the resolution order. */
    private static final List<String[]> TABLES = List.of(
            new String[] {"contact", "contactid", "emailaddress1", "donotemail"},
            new String[] {"account", "accountid", "emailaddress1", "donotemail"},
            new String[] {"lead", "leadid", "emailaddress1", "donotemail"},
            new String[] {"systemuser", "systemuserid", "internalemailaddress", "FALSE"},
            new String[] {"queue", "queueid", "emailaddress", "FALSE"});

    private final EntityManager entityManager;

    public PartyDirectory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The record a bound party names, as it is now; empty if the type is unknown or the record is gone. */
    public Optional<Party> find(String type, UUID id) {
        for (String[] table : TABLES) {
            if (table[0].equals(type)) {
                List<?> rows = entityManager.createNativeQuery("SELECT " + table[2] + ", " + table[3] + " FROM "
                        + table[0] + " WHERE " + table[1] + " = ?1").setParameter(1, id).getResultList();
                if (rows.isEmpty()) {
                    return Optional.empty();
                }
                Object[] row = (Object[]) rows.get(0);
                return Optional.of(new Party(id, type, (String) row[0], Boolean.TRUE.equals(row[1])));
            }
        }
        return Optional.empty();
    }

    /**
     * The record each address belongs to, looked up without case in one query; an address matching records of
     * several tables takes the first table in the order contact, account, lead, systemuser, queue, and the oldest
     * record within it.
     */
    public Map<String, Party> resolve(Collection<String> addresses) {
        Map<String, Party> found = new HashMap<>();
        if (addresses.isEmpty()) {
            return found;
        }
        List<String> lowered = addresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).distinct().toList();
        StringBuilder sql = new StringBuilder("SELECT * FROM (");
        for (int i = 0; i < TABLES.size(); i++) {
            String[] table = TABLES.get(i);
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT lower(").append(table[2]).append(") AS address, ")
                    .append(table[1]).append(" AS id, '").append(table[0]).append("' AS type, ").append(table[3])
                    .append(" AS donotemail, ").append(i).append(" AS rank, createdon FROM ").append(table[0])
                    .append(" WHERE lower(").append(table[2]).append(") IN (?1)");
        }
        sql.append(") matches ORDER BY rank, createdon");
        List<?> rows = entityManager.createNativeQuery(sql.toString()).setParameter(1, lowered).getResultList();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            found.putIfAbsent((String) columns[0], new Party((UUID) columns[1], (String) columns[2],
                    (String) columns[0], Boolean.TRUE.equals(columns[3])));
        }
        return found;
    }
}
