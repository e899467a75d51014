package dev.mailroom.router.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.router.config.RouterConfig;
import dev.mailroom.router.mail.SmtpServer;

/**
 * One set of SMTP threads per server ({@code router.smtp.connections} each, matching its connection pool): a slow
 * or failing server profile ties up its own threads only, never the other servers' mail.
 */
@ApplicationScoped
public class SendLanes {

    private final int threadsPerServer;
    /** By host and port: a profile whose password changes keeps its lane. */
    private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();

    public SendLanes(RouterConfig config) {
        this.threadsPerServer = config.smtp().connections();
    }

    ExecutorService of(SmtpServer server) {
        String lane = server.host() + ":" + server.port();
        return lanes.computeIfAbsent(lane, key -> Executors.newFixedThreadPool(threadsPerServer, runnable -> {
            Thread thread = new Thread(runnable, "smtp-send-" + key);
            thread.setDaemon(true);
            return thread;
        }));
    }

    @PreDestroy
    void close() {
        lanes.values().forEach(ExecutorService::shutdownNow);
    }
}
