package dev.mailroom.activity.odata.edm;

import java.util.ArrayList;
import java.util.List;

import org.apache.olingo.commons.api.edm.provider.CsdlAction;
import org.apache.olingo.commons.api.edm.provider.CsdlComplexType;
import org.apache.olingo.commons.api.edm.provider.CsdlFunction;
import org.apache.olingo.commons.api.edm.provider.CsdlParameter;
import org.apache.olingo.commons.api.edm.provider.CsdlProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlReturnType;

import dev.mailroom.activity.odata.model.OperationDef;

/** CSDL actions, functions and response types of {@link OperationDef}s. */
final class Operations {

    private Operations() {
    }

    static CsdlAction action(OperationDef operation) {
        CsdlAction action = new CsdlAction().setName(operation.name()).setBound(operation.isBound())
                .setParameters(parameters(operation));
        if (operation.returnEntity() != null) {
            return action.setReturnType(typed(new CsdlReturnType(), operation.returnEntity()));
        }
        return operation.returnProperties().isEmpty() ? action : action.setReturnType(returnType(operation));
    }

    /** Sets a return type written {@code T} or {@code Collection(T)}. */
    private static CsdlReturnType typed(CsdlReturnType returnType, String type) {
        boolean collection = type.startsWith("Collection(");
        return returnType.setType(collection ? type.substring(11, type.length() - 1) : type)
                .setCollection(collection).setNullable(false);
    }

    static CsdlFunction function(OperationDef operation) {
        return new CsdlFunction().setName(operation.name()).setBound(operation.isBound()).setComposable(false)
                .setParameters(parameters(operation)).setReturnType(returnType(operation));
    }

    static CsdlComplexType responseType(OperationDef operation) {
        return new CsdlComplexType().setName(operation.responseType()).setProperties(operation.returnProperties()
                .stream().map(p -> new CsdlProperty().setName(p.name()).setType(p.edmType()).setNullable(p.nullable()))
                .toList());
    }

    private static CsdlReturnType returnType(OperationDef operation) {
        return new CsdlReturnType().setType(TablesEdmProvider.fqn(operation.responseType())).setNullable(false);
    }

    private static List<CsdlParameter> parameters(OperationDef operation) {
        List<CsdlParameter> parameters = new ArrayList<>();
        if (operation.isBound()) {
            parameters.add(new CsdlParameter().setName("entity").setType(TablesEdmProvider.fqn(operation.boundTo()))
                    .setCollection(operation.boundToCollection()).setNullable(false));
        }
        operation.parameters().forEach(p -> {
            boolean collection = p.edmType().startsWith("Collection(");
            String type = collection ? p.edmType().substring(11, p.edmType().length() - 1) : p.edmType();
            parameters.add(new CsdlParameter().setName(p.name()).setType(type).setCollection(collection)
                    .setNullable(p.nullable()));
        });
        return parameters;
    }
}
