package dev.mailroom.activity.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mailroom.activity.attachments.BlockTransfers;
import dev.mailroom.activity.odata.model.OperationDef;
import dev.mailroom.activity.odata.model.OperationDef.Parameter;

/** The five unbound actions of Dataverse's block transfers of attachment files (see {@link BlockTransfers}). */
public final class AttachmentBlockOperations {

    static final String TARGET_TYPE = "Microsoft.Dynamics.CRM.activitymimeattachment";

    private AttachmentBlockOperations() {
    }

    private static OperationDef action(String name, List<Parameter> parameters, List<Parameter> returned) {
        return new OperationDef(name, OperationDef.Kind.ACTION, null, parameters, returned);
    }

    /** {@code InitializeAttachmentBlocksUpload {Target}} → {@code {FileContinuationToken}}. */
    @ApplicationScoped
    public static class InitializeUpload implements OperationHandler {
        private final BlockTransfers transfers;

        public InitializeUpload(BlockTransfers transfers) {
            this.transfers = transfers;
        }

        @Override
        public OperationDef definition() {
            return action("InitializeAttachmentBlocksUpload", List.of(new Parameter("Target", TARGET_TYPE, false)),
                    List.of(new Parameter("FileContinuationToken", "Edm.String", false)));
        }

        @Override
        public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
            return Map.of("FileContinuationToken", transfers.initializeUpload((JsonNode) parameters.get("Target")));
        }
    }

    /** {@code UploadBlock {BlockId, BlockData, FileContinuationToken}} → 204. */
    @ApplicationScoped
    public static class UploadBlock implements OperationHandler {
        private final BlockTransfers transfers;

        public UploadBlock(BlockTransfers transfers) {
            this.transfers = transfers;
        }

        @Override
        public OperationDef definition() {
            return action("UploadBlock", List.of(new Parameter("BlockId", "Edm.String", false),
                    new Parameter("BlockData", "Edm.Binary", false),
                    new Parameter("FileContinuationToken", "Edm.String", false)), List.of());
        }

        @Override
        public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
            transfers.uploadBlock((String) parameters.get("BlockId"), (String) parameters.get("BlockData"),
                    (String) parameters.get("FileContinuationToken"));
            return null;
        }
    }

    /** {@code CommitAttachmentBlocksUpload {Target, BlockList, FileContinuationToken}}. */
    @ApplicationScoped
    public static class CommitUpload implements OperationHandler {
        private final BlockTransfers transfers;

        public CommitUpload(BlockTransfers transfers) {
            this.transfers = transfers;
        }

        @Override
        public OperationDef definition() {
            return action("CommitAttachmentBlocksUpload", List.of(new Parameter("Target", TARGET_TYPE, false),
                    new Parameter("BlockList", "Collection(Edm.String)", false),
                    new Parameter("FileContinuationToken", "Edm.String", false)),
                    List.of(new Parameter("FileSizeInBytes", "Edm.Int64", false),
                            new Parameter("ActivityMimeAttachmentId", "Edm.Guid", false)));
        }

        @Override
        public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
            List<String> blocks = new ArrayList<>();
            ((JsonNode) parameters.get("BlockList")).forEach(block -> blocks.add(block.asText()));
            return transfers.commitUpload((JsonNode) parameters.get("Target"), blocks,
                    (String) parameters.get("FileContinuationToken"));
        }
    }

    /** {@code InitializeAttachmentBlocksDownload {Target}} → {@code {FileContinuationToken, FileSizeInBytes, ...}}. */
    @ApplicationScoped
    public static class InitializeDownload implements OperationHandler {
        private final BlockTransfers transfers;

        public InitializeDownload(BlockTransfers transfers) {
            this.transfers = transfers;
        }

        @Override
        public OperationDef definition() {
            return action("InitializeAttachmentBlocksDownload", List.of(new Parameter("Target", TARGET_TYPE, false)),
                    List.of(new Parameter("FileContinuationToken", "Edm.String", false),
                            new Parameter("FileSizeInBytes", "Edm.Int64", false),
                            new Parameter("FileName", "Edm.String", true)));
        }

        @Override
        public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
            return transfers.initializeDownload((JsonNode) parameters.get("Target"));
        }
    }

    /** {@code DownloadBlock {Offset, BlockLength, FileContinuationToken}} → {@code {Data}} (Base64). */
    @ApplicationScoped
    public static class DownloadBlock implements OperationHandler {
        private final BlockTransfers transfers;

        public DownloadBlock(BlockTransfers transfers) {
            this.transfers = transfers;
        }

        @Override
        public OperationDef definition() {
            return action("DownloadBlock", List.of(new Parameter("Offset", "Edm.Int64", false),
                    new Parameter("BlockLength", "Edm.Int64", false),
                    new Parameter("FileContinuationToken", "Edm.String", false)),
                    List.of(new Parameter("Data", "Edm.Binary", false)));
        }

        @Override
        public Map<String, Object> invoke(UUID key, Map<String, Object> parameters) {
            return Map.of("Data", transfers.downloadBlock((Long) parameters.get("Offset"),
                    (Long) parameters.get("BlockLength"), (String) parameters.get("FileContinuationToken")));
        }
    }
}
