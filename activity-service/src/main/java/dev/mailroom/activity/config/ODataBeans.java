package dev.mailroom.activity.config;

import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.activity.odata.edm.TablesEdmProvider;
import dev.mailroom.activity.odata.json.BodyReader;
import dev.mailroom.activity.odata.json.RowWriter;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.uri.ODataUriParser;

/** The OData engine's shared pieces, built once from the table registry (the Edm is thread-safe to share). */
public class ODataBeans {

    @Produces
    @Singleton
    ServiceMetadata serviceMetadata(TableRegistry registry) {
        return OData.newInstance().createServiceMetadata(new TablesEdmProvider(registry), List.of());
    }

    @Produces
    @Singleton
    ODataUriParser uriParser(ServiceMetadata metadata, TableRegistry registry) {
        Edm edm = metadata.getEdm();
        return new ODataUriParser(edm, registry);
    }

    @Produces
    @Singleton
    BodyReader bodyReader(TableRegistry registry, ObjectMapper mapper) {
        return new BodyReader(registry, mapper);
    }

    @Produces
    @Singleton
    RowWriter rowWriter(ObjectMapper mapper) {
        return new RowWriter(mapper);
    }
}
