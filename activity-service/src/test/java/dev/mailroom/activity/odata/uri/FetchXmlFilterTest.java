package dev.mailroom.activity.odata.uri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mailroom.activity.error.DataverseException;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.tables.CustomerTables;

/** FetchXML becomes the $filter it means; anything outside the subset is a 400 with a Dataverse code. */
class FetchXmlFilterTest {

    private static final Map<String, TableDef> TABLES = Map.of("contact", CustomerTables.contact(),
            "account", CustomerTables.account(), "lead", CustomerTables.lead());

    @Test
    void shouldTranslateEveryOperatorOfTheSubset() {
        assertEquals("lastname eq 'O''Brien'", filter("<condition attribute='lastname' operator='eq' "
                + "value=\"O'Brien\"/>"));
        assertEquals("statecode ne 1", filter("<condition attribute='statecode' operator='ne' value='1'/>"));
        assertEquals("(createdon gt 2024-01-01 and createdon le 2024-12-31T23:59:59Z)", filter(
                "<condition attribute='createdon' operator='gt' value='2024-01-01'/>"
                + "<condition attribute='createdon' operator='le' value='2024-12-31T23:59:59Z'/>"));
        assertEquals("(statecode ge 0 and statecode lt 1)", filter(
                "<condition attribute='statecode' operator='ge' value='0'/>"
                + "<condition attribute='statecode' operator='lt' value='1'/>"));
        assertEquals("contains(lastname,'ee')", filter("<condition attribute='lastname' operator='like' "
                + "value='%ee%'/>"));
        assertEquals("startswith(lastname,'Ke')", filter("<condition attribute='lastname' operator='like' "
                + "value='Ke%'/>"));
        assertEquals("endswith(lastname,'ee')", filter("<condition attribute='lastname' operator='like' "
                + "value='%ee'/>"));
        assertEquals("not (lastname eq 'Kee')", filter("<condition attribute='lastname' operator='not-like' "
                + "value='Kee'/>"));
        assertEquals("startswith(emailaddress1,'a%b_')", filter("<condition attribute='emailaddress1' "
                + "operator='begins-with' value='a%b_'/>"));
        assertEquals("endswith(emailaddress1,'@example.org')", filter("<condition attribute='emailaddress1' "
                + "operator='ends-with' value='@example.org'/>"));
        assertEquals("jobtitle eq null", filter("<condition attribute='jobtitle' operator='null'/>"));
        assertEquals("jobtitle ne null", filter("<condition attribute='jobtitle' operator='not-null'/>"));
        assertEquals("lastname in ('A','B')", filter("<condition attribute='lastname' operator='in'>"
                + "<value>A</value><value>B</value></condition>"));
        assertEquals("not (statecode in (0,1))", filter("<condition attribute='statecode' operator='not-in'>"
                + "<value>0</value><value>1</value></condition>"));
        assertEquals("donotbulkemail eq false", filter("<condition attribute='donotbulkemail' operator='eq' "
                + "value='0'/>"));
    }

    @Test
    void shouldNestFiltersAndIgnoreColumnsAndOrder() {
        FetchXmlFilter.Translation translation = FetchXmlFilter.translate("""
                <fetch version="1.0" mapping="logical" distinct="false">
                  <entity name="lead">
                    <attribute name="fullname"/>
                    <order attribute="lastname" descending="true"/>
                    <filter type="and">
                      <condition attribute="statecode" operator="eq" value="0"/>
                      <filter type="or">
                        <condition attribute="lastname" operator="eq" value="A" uiname="A"/>
                        <condition attribute="lastname" operator="eq" value="B"/>
                      </filter>
                      <filter/>
                    </filter>
                  </entity>
                </fetch>""", TABLES::get);
        assertEquals("leads", translation.table().entitySet());
        assertEquals("(statecode eq 0 and (lastname eq 'A' or lastname eq 'B'))", translation.filter());
        assertNull(FetchXmlFilter.translate("<fetch><entity name='account'><all-attributes/></entity></fetch>",
                TABLES::get).filter());
    }

    @Test
    void shouldRefuseWhatIsOutsideTheSubsetOrMalformed() {
        refuse("<fetch><entity name='contact'>", "0x80040203", "not well-formed");
        refuse("<!DOCTYPE fetch [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><fetch><entity name='contact'>"
                + "<filter><condition attribute='lastname' operator='eq' value='&x;'/></filter></entity></fetch>",
                "0x80040203", "DOCTYPE");
        refuse("<fetch><entity name='email'/></fetch>", "0x80040203", "contact, account or lead");
        refuse("<fetch/>", "0x80040203", "exactly one <entity>");
        refuse("<query><entity name='contact'/></query>", "0x80040203", "starts with <fetch>");
        refuse("<fetch top='5'><entity name='contact'/></fetch>", "0x80040203", "every row");
        refuse("<fetch aggregate='true'><entity name='contact'/></fetch>", "0x80040203", "aggregate");
        refuse("<fetch><entity name='contact'><link-entity name='account' from='accountid' to='parentcustomerid'/>"
                + "</entity></fetch>", "0x80040203", "link-entity");
        refuse(conditions("<condition attribute='nosuch' operator='eq' value='1'/>"), "0x80041103", "nosuch");
        refuse(conditions("<condition attribute='lastname' operator='last-x-days' value='3'/>"), "0x80040203",
                "last-x-days");
        refuse(conditions("<condition attribute='lastname' operator='like' value='a%b'/>"), "0x80040203", "a%b");
        refuse(conditions("<condition attribute='lastname' operator='like' value='a_b%'/>"), "0x80040203",
                "a_b%");
        refuse(conditions("<condition attribute='statecode' operator='like' value='1%'/>"), "0x80040203",
                "text column");
        refuse(conditions("<condition attribute='statecode' operator='eq' value='one'/>"), "0x80060888", "one");
        refuse(conditions("<condition attribute='donotemail' operator='eq' value='maybe'/>"), "0x80040203",
                "yes/no");
        refuse(conditions("<condition attribute='lastname' operator='eq'/>"), "0x80040203", "exactly one value");
        refuse(conditions("<condition attribute='lastname' operator='null' value='x'/>"), "0x80040203",
                "takes no value");
        refuse(conditions("<condition attribute='lastname' operator='in'/>"), "0x80040203", "at least one");
        refuse(conditions("<condition attribute='lastname' operator='eq' value='x' entityname='a'/>"),
                "0x80040203", "entityname");
        refuse("<fetch><entity name='contact'><filter type='xor'/></entity></fetch>", "0x80040203", "xor");
        refuse("<fetch><entity name='contact'>" + "<filter>".repeat(11) + "</filter>".repeat(11)
                + "</entity></fetch>", "0x80040203", "nest deeper");
        refuse(conditions("<condition attribute='lastname' operator='eq' value='x'/>".repeat(201)), "0x80040203",
                "200 conditions");
        refuse("<fetch><entity name='contact'>" + "<x>".repeat(100) + "</x>".repeat(100) + "</entity></fetch>",
                "0x80040203", "not well-formed");
    }

    private static String filter(String conditions) {
        return FetchXmlFilter.translate(conditions(conditions), TABLES::get).filter();
    }

    private static String conditions(String conditions) {
        return "<fetch><entity name='contact'><filter>" + conditions + "</filter></entity></fetch>";
    }

    private static void refuse(String fetchXml, String code, String message) {
        DataverseException refused = assertThrows(DataverseException.class,
                () -> FetchXmlFilter.translate(fetchXml, TABLES::get));
        assertEquals(400, refused.error().httpStatus(), refused.getMessage());
        assertEquals(code, refused.error().code(), refused.getMessage());
        assertTrue(refused.getMessage().contains(message), refused.getMessage());
    }
}
