package dev.mailroom.activity.tables;

import java.util.List;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.operations.OperationHandler;

/** The registry of every table and operation the Web API serves: adding a table is adding it here. */
public class Tables {

    @Produces
    @Singleton
    TableRegistry registry(Instance<OperationHandler> operations, MailboxSettingsEvents routing) {
        return new TableRegistry(List.of(EmailTable.definition(), ActivityPartyTable.definition(),
                CustomerTables.contact(), CustomerTables.account(), CustomerTables.lead(),
                MailboxSettingsRules.publishing(RoutingTables.systemuser(), routing),
                MailboxSettingsRules.publishing(RoutingTables.queue(), routing),
                MailboxSettingsRules.publishing(RoutingTables.mailbox(), routing),
                MailboxSettingsRules.publishing(RoutingTables.emailServerProfile(), routing),
                MailboxSettingsRules.publishing(OrganizationTable.definition(), routing),
                AsyncOperationTable.definition(),
                AttachmentTables.activityMimeAttachment(), AttachmentTables.attachment(),
                TemplateTable.definition(),
                SecurityRoleTables.role(), SecurityRoleTables.rolePrivileges()),
                operations.stream().map(OperationHandler::definition).toList());
    }
}
