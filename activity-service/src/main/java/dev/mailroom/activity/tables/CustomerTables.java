package dev.mailroom.activity.tables;

import static dev.mailroom.activity.odata.model.ColumnDef.bool;
import static dev.mailroom.activity.odata.model.ColumnDef.choice;
import static dev.mailroom.activity.odata.model.ColumnDef.string;

import java.util.Map;

import dev.mailroom.activity.odata.model.ColumnDef;
import dev.mailroom.activity.odata.model.TableDef;

/** The records an email is about or addressed to: {@code contact}, {@code account} and {@code lead}. */
public final class CustomerTables {

    private CustomerTables() {
    }

    public static TableDef contact() {
        return TableDef.table("contact", "contacts", "contactid")
                .primaryName("fullname")
                .columns(string("firstname", 50), string("lastname", 50), string("fullname", 160).readOnly(),
                        string("jobtitle", 100), string("telephone1", 50))
                .columns(emailColumns())
                .columns(choice("statecode", Choices.ACTIVE_STATE).withDefault(0))
                .emailColumn("emailaddress1")
                .rules(new EmailAddressRules("contact"))
                .build();
    }

    public static TableDef account() {
        return TableDef.table("account", "accounts", "accountid")
                .primaryName("name")
                .columns(string("name", 160).asRequired(), string("telephone1", 50), string("websiteurl", 200))
                .columns(emailColumns())
                .columns(choice("statecode", Choices.ACTIVE_STATE).withDefault(0))
                .emailColumn("emailaddress1")
                .rules(new EmailAddressRules(null))
                .build();
    }

    public static TableDef lead() {
        return TableDef.table("lead", "leads", "leadid")
                .primaryName("fullname")
                .columns(string("subject", 300), string("firstname", 50), string("lastname", 50),
                        string("fullname", 160).readOnly(), string("companyname", 100))
                .columns(emailColumns())
                .columns(choice("statecode", Map.of(0, "Open", 1, "Qualified", 2, "Disqualified")).withDefault(0))
                .emailColumn("emailaddress1")
                .rules(new EmailAddressRules("lead"))
                .build();
    }

    /** emailaddress1..3 and the two "Do Not Allow" flags bulk and direct email honour. */
    private static ColumnDef[] emailColumns() {
        return new ColumnDef[] {string("emailaddress1", 100), string("emailaddress2", 100),
            string("emailaddress3", 100), bool("donotemail").withDefault(false),
            bool("donotbulkemail").withDefault(false)};
    }
}
