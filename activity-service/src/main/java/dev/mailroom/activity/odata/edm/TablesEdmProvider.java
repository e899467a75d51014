package dev.mailroom.activity.odata.edm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.edm.provider.CsdlAbstractEdmProvider;
import org.apache.olingo.commons.api.edm.provider.CsdlAction;
import org.apache.olingo.commons.api.edm.provider.CsdlActionImport;
import org.apache.olingo.commons.api.edm.provider.CsdlAliasInfo;
import org.apache.olingo.commons.api.edm.provider.CsdlComplexType;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainer;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainerInfo;
import org.apache.olingo.commons.api.edm.provider.CsdlEntitySet;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityType;
import org.apache.olingo.commons.api.edm.provider.CsdlFunction;
import org.apache.olingo.commons.api.edm.provider.CsdlFunctionImport;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationPropertyBinding;
import org.apache.olingo.commons.api.edm.provider.CsdlSchema;

import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;

/**
 * The CSDL model of every table and operation, built once from the {@link TableRegistry}: each Olingo lookup is a
 * map lookup, so a new table needs no code here. Schema {@code Microsoft.Dynamics.CRM} (alias {@code mscrm}) as in
 * Dataverse, so {@code emails(<id>)/Microsoft.Dynamics.CRM.SendEmail} resolves.
 */
public class TablesEdmProvider extends CsdlAbstractEdmProvider {

    public static final String NAMESPACE = "Microsoft.Dynamics.CRM";
    public static final String ALIAS = "mscrm";
    public static final FullQualifiedName CONTAINER = new FullQualifiedName(NAMESPACE, "System");

    private final Map<String, CsdlEntityType> entityTypes;
    private final Map<String, CsdlComplexType> complexTypes;
    private final Map<String, OperationDef> operations;
    private final CsdlEntityContainer container;

    public TablesEdmProvider(TableRegistry registry) {
        EntityTypes types = new EntityTypes(registry);
        this.entityTypes = registry.tables().stream()
                .collect(Collectors.toMap(TableDef::logicalName, types::entityType, (a, b) -> a,
                        java.util.LinkedHashMap::new));
        // Dataverse's abstract base of every table, the type of parameters that take a record of any table.
        entityTypes.put("crmbaseentity", new CsdlEntityType().setName("crmbaseentity").setAbstract(true));
        this.operations = registry.operations().stream()
                .collect(Collectors.toMap(OperationDef::name, Function.identity(), (a, b) -> a,
                        java.util.LinkedHashMap::new));
        this.complexTypes = registry.operations().stream().filter(op -> !op.returnProperties().isEmpty())
                .collect(Collectors.toMap(OperationDef::responseType, Operations::responseType, (a, b) -> a,
                        java.util.LinkedHashMap::new));
        this.container = buildContainer(registry);
    }

    private CsdlEntityContainer buildContainer(TableRegistry registry) {
        List<CsdlEntitySet> sets = new ArrayList<>();
        for (TableDef table : registry.tables()) {
            List<CsdlNavigationPropertyBinding> bindings = new ArrayList<>();
            entityTypes.get(table.logicalName()).getNavigationProperties().forEach(nav -> registry
                    .byLogicalName(nav.getTypeFQN().getName())
                    .ifPresent(target -> bindings.add(new CsdlNavigationPropertyBinding().setPath(nav.getName())
                            .setTarget(target.entitySet()))));
            sets.add(new CsdlEntitySet().setName(table.entitySet()).setType(fqn(table.logicalName()))
                    .setNavigationPropertyBindings(bindings));
        }
        List<CsdlActionImport> actionImports = new ArrayList<>();
        List<CsdlFunctionImport> functionImports = new ArrayList<>();
        for (OperationDef operation : operations.values()) {
            if (operation.isBound()) {
                continue;
            }
            if (operation.kind() == OperationDef.Kind.ACTION) {
                actionImports.add(new CsdlActionImport().setName(operation.name()).setAction(fqn(operation.name())));
            } else {
                functionImports.add(new CsdlFunctionImport().setName(operation.name())
                        .setFunction(fqn(operation.name())));
            }
        }
        return new CsdlEntityContainer().setName(CONTAINER.getName()).setEntitySets(sets)
                .setActionImports(actionImports).setFunctionImports(functionImports);
    }

    public static FullQualifiedName fqn(String name) {
        return new FullQualifiedName(NAMESPACE, name);
    }

    @Override
    public CsdlEntityType getEntityType(FullQualifiedName name) {
        return NAMESPACE.equals(name.getNamespace()) ? entityTypes.get(name.getName()) : null;
    }

    @Override
    public CsdlComplexType getComplexType(FullQualifiedName name) {
        return NAMESPACE.equals(name.getNamespace()) ? complexTypes.get(name.getName()) : null;
    }

    @Override
    public List<CsdlAction> getActions(FullQualifiedName name) {
        OperationDef operation = operationNamed(name, OperationDef.Kind.ACTION);
        return operation == null ? null : List.of(Operations.action(operation));
    }

    @Override
    public List<CsdlFunction> getFunctions(FullQualifiedName name) {
        OperationDef operation = operationNamed(name, OperationDef.Kind.FUNCTION);
        return operation == null ? null : List.of(Operations.function(operation));
    }

    private OperationDef operationNamed(FullQualifiedName name, OperationDef.Kind kind) {
        if (!NAMESPACE.equals(name.getNamespace())) {
            return null;
        }
        OperationDef operation = operations.get(name.getName());
        return operation != null && operation.kind() == kind ? operation : null;
    }

    @Override
    public CsdlEntitySet getEntitySet(FullQualifiedName containerName, String name) {
        return container.getEntitySet(name);
    }

    @Override
    public CsdlActionImport getActionImport(FullQualifiedName containerName, String name) {
        return container.getActionImport(name);
    }

    @Override
    public CsdlFunctionImport getFunctionImport(FullQualifiedName containerName, String name) {
        return container.getFunctionImport(name);
    }

    @Override
    public CsdlEntityContainerInfo getEntityContainerInfo(FullQualifiedName name) {
        return name == null || CONTAINER.equals(name) ? new CsdlEntityContainerInfo().setContainerName(CONTAINER)
                : null;
    }

    @Override
    public CsdlEntityContainer getEntityContainer() {
        return container;
    }

    @Override
    public List<CsdlAliasInfo> getAliasInfos() {
        return List.of(new CsdlAliasInfo().setNamespace(NAMESPACE).setAlias(ALIAS));
    }

    @Override
    public List<CsdlSchema> getSchemas() {
        CsdlSchema schema = new CsdlSchema().setNamespace(NAMESPACE).setAlias(ALIAS)
                .setEntityTypes(new ArrayList<>(entityTypes.values()))
                .setComplexTypes(new ArrayList<>(complexTypes.values()))
                .setEntityContainer(container);
        List<CsdlAction> actions = new ArrayList<>();
        List<CsdlFunction> functions = new ArrayList<>();
        operations.values().forEach(op -> {
            if (op.kind() == OperationDef.Kind.ACTION) {
                actions.add(Operations.action(op));
            } else {
                functions.add(Operations.function(op));
            }
        });
        return List.of(schema.setActions(actions).setFunctions(functions));
    }
}
