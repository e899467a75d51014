package dev.mailroom.activity.attachments;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.activity.error.DataverseError;
import dev.mailroom.activity.odata.json.BodyReader;
import dev.mailroom.activity.odata.json.RecordChange;
import dev.mailroom.activity.odata.model.LookupDef;
import dev.mailroom.activity.odata.model.TableDef;
import dev.mailroom.activity.odata.model.TableRegistry;
import dev.mailroom.activity.odata.sql.RecordStore;
import dev.mailroom.activity.odata.sql.Sql;
import dev.mailroom.activity.service.RecordWriter;
import dev.mailroom.activity.tables.AttachmentTables;

/**
 * Dataverse's block transfers of attachment files. Upload: each block is stored as a blob of its own, and the
 * commit has attachment-service join the listed blocks, in order, into the file's blob (streamed, S3 to S3), then
 * creates the row as a reuse of that file. The blocks, never referenced, are collected after the grace period.
 * Download: a token names the row; each block is a slice of the blob read from S3.
 */
@ApplicationScoped
@Transactional
public class BlockTransfers {

    /** Dataverse's limit for one block (BlockData, BlockLength). */
    public static final int MAX_BLOCK = 4 * 1024 * 1024;
    private static final int MAX_BLOCK_ID = 64;

    private final RecordStore store;
    private final TableRegistry registry;
    private final BodyReader bodies;
    private final RecordWriter writer;
    private final AttachmentPolicy policy;
    private final AttachmentServiceClient client;
    private final AttachmentFiles files;

    public BlockTransfers(RecordStore store, TableRegistry registry, BodyReader bodies, RecordWriter writer,
            AttachmentPolicy policy, AttachmentServiceClient client, AttachmentFiles files) {
        this.store = store;
        this.registry = registry;
        this.bodies = bodies;
        this.writer = writer;
        this.policy = policy;
        this.client = client;
        this.files = files;
    }

    /** Checks the target (name and type; the size is known at the commit) and opens an upload. */
    public String initializeUpload(JsonNode target) {
        RecordChange change = readTarget(target);
        UUID token = UUID.randomUUID();
        store.execute("INSERT INTO attachment_upload (token, target, createdon) VALUES (?, ?, ?)",
                List.of(token, target.toString(), Instant.now()));
        return token.toString();
    }

    public void uploadBlock(String blockId, String blockData, String token) {
        UUID upload = openUpload(token);
        if (blockId == null || blockId.isEmpty() || decodedLength(blockId, "BlockId") > MAX_BLOCK_ID) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("BlockId must be Base64 of at most " + MAX_BLOCK_ID
                    + " bytes.");
        }
        Base64Text.check(blockData);
        if (Base64Text.decodedSize(blockData) > MAX_BLOCK || blockData.isEmpty()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("BlockData must hold between 1 byte and 4 MB.");
        }
        StoredFile block = client.store(() -> Base64Text.decode(blockData), "application/octet-stream");
        store.execute("INSERT INTO attachment_upload_block (token, blockid, sha256, size_bytes) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (token, blockid) DO UPDATE SET sha256 = excluded.sha256, "
                + "size_bytes = excluded.size_bytes", List.of(upload, blockId, block.sha256(), (int) block.size()));
    }

    /** Joins the listed blocks into the file and creates the attachment row; answers its id and size. */
    public Map<String, Object> commitUpload(JsonNode target, List<String> blockList, String token) {
        UUID upload = openUpload(token);
        RecordChange change = readTarget(target);
        if (blockList == null || blockList.isEmpty()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("BlockList must name the uploaded blocks in order.");
        }
        Map<String, Map<String, Object>> blocks = new LinkedHashMap<>();
        store.query(Sql.of("SELECT blockid, sha256, size_bytes FROM attachment_upload_block WHERE token = ?", upload))
                .forEach(row -> blocks.put((String) row.get("blockid"), row));
        List<String> parts = new ArrayList<>();
        long size = 0;
        for (String blockId : blockList) {
            Map<String, Object> block = blocks.get(blockId);
            if (block == null) {
                throw DataverseError.INVALID_ARGUMENT.withMessage("Block '" + blockId + "' was not uploaded.");
            }
            parts.add(((String) block.get("sha256")).trim());
            size += ((Number) block.get("size_bytes")).longValue();
        }
        String filename = (String) change.values().get("filename");
        String mimeType = (String) change.values().getOrDefault("mimetype", "application/octet-stream");
        policy.checkUpload(filename, mimeType, (size + 2) / 3 * 4);
        StoredFile file = client.compose(parts, mimeType);
        UUID attachmentId = files.registerFile(file, filename, mimeType);
        TableDef table = change.table();
        LookupDef fileLookup = table.lookup("attachmentid").orElseThrow();
        List<RecordChange.Bind> binds = new ArrayList<>(change.binds());
        binds.add(new RecordChange.Bind(fileLookup, fileLookup.targets().get(0), attachmentId));
        UUID id = writer.create(new RecordChange(table, change.values(), binds, change.children()), null);
        store.execute("DELETE FROM attachment_upload WHERE token = ?", List.of(upload));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("FileSizeInBytes", file.size());
        response.put("ActivityMimeAttachmentId", id.toString());
        return response;
    }

    public Map<String, Object> initializeDownload(JsonNode target) {
        UUID id = targetId(target);
        Map<String, Object> file = files.fileOf(id);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("FileContinuationToken", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(id.toString().getBytes(StandardCharsets.US_ASCII)));
        response.put("FileSizeInBytes", ((Number) file.get("filesize")).longValue());
        response.put("FileName", file.get("filename"));
        return response;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public String downloadBlock(long offset, long length, String token) {
        UUID id;
        try {
            id = UUID.fromString(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The FileContinuationToken is not valid.");
        }
        Map<String, Object> file = files.fileOf(id);
        long size = ((Number) file.get("filesize")).longValue();
        if (offset < 0 || offset >= size || length < 1 || length > MAX_BLOCK) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Offset must be within the file's " + size
                    + " bytes and BlockLength between 1 and " + MAX_BLOCK + ".");
        }
        return Base64.getEncoder().encodeToString(client.readRange(((String) file.get("sha256")).trim(), offset,
                length));
    }

    private RecordChange readTarget(JsonNode target) {
        TableDef table = registry.require(AttachmentTables.MIME_ATTACHMENT);
        checkType(target);
        if (target.has("body")) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("A block upload's Target has no 'body': the file "
                    + "comes in blocks.");
        }
        RecordChange change = bodies.read(table, (com.fasterxml.jackson.databind.node.ObjectNode) target);
        String filename = (String) change.values().get("filename");
        AttachmentPolicy.checkFilename(filename);
        policy.checkType(policy.limits(), filename, (String) change.values().get("mimetype"));
        return change;
    }

    private UUID targetId(JsonNode target) {
        checkType(target);
        try {
            return UUID.fromString(target.path("activitymimeattachmentid").asText());
        } catch (IllegalArgumentException e) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The Target needs its 'activitymimeattachmentid'.");
        }
    }

    private static void checkType(JsonNode target) {
        if (target == null || !target.isObject()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Target must be an activitymimeattachment object.");
        }
        String type = target.path("@odata.type").asText("Microsoft.Dynamics.CRM.activitymimeattachment");
        if (!type.equals("Microsoft.Dynamics.CRM.activitymimeattachment")) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("Target must be a "
                    + "Microsoft.Dynamics.CRM.activitymimeattachment, not " + type + ".");
        }
    }

    private UUID openUpload(String token) {
        UUID upload;
        try {
            upload = UUID.fromString(token);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The FileContinuationToken is not valid.");
        }
        if (store.query(Sql.of("SELECT 1 FROM attachment_upload WHERE token = ?", upload)).isEmpty()) {
            throw DataverseError.INVALID_ARGUMENT.withMessage("The FileContinuationToken names no upload in "
                    + "progress.");
        }
        return upload;
    }

    private static long decodedLength(String base64, String name) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            throw DataverseError.INVALID_ARGUMENT.withMessage(name + " must be Base64.");
        }
    }
}
