package dev.mailroom.activity.odata.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.SerializerException;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;

/** The service document (entity sets) and the $metadata CSDL document, rendered once from the model. */
@ApplicationScoped
public class ServiceDocuments {

    private final byte[] metadata;
    private final TableRegistry registry;
    private final ObjectMapper mapper;

    public ServiceDocuments(ServiceMetadata serviceMetadata, TableRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
        this.mapper = mapper;
        try (InputStream xml = OData.newInstance().createSerializer(ContentType.APPLICATION_XML)
                .metadataDocument(serviceMetadata).getContent()) {
            this.metadata = xml.readAllBytes();
        } catch (SerializerException | IOException e) {
            throw new IllegalStateException("The $metadata document could not be written", e);
        }
    }

    public ODataResult metadata() {
        return new ODataResult(200, new LinkedHashMap<>(Map.of("Content-Type", "application/xml")), metadata);
    }

    public ODataResult serviceDocument(String serviceRoot) {
        List<Map<String, String>> sets = new ArrayList<>();
        for (TableDef table : registry.tables()) {
            sets.add(Map.of("name", table.entitySet(), "kind", "EntitySet", "url", table.entitySet()));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("@odata.context", serviceRoot + "$metadata");
        document.put("value", sets);
        try {
            return ODataResult.json(200, mapper.writeValueAsBytes(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
