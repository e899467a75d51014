package dev.mailroom.endtoend.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** One Prometheus scrape of a service's {@code /q/metrics}, as Prometheus reads it (text exposition format). */
public final class Scrape {

    private record Sample(String name, String labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    private Scrape(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : line.indexOf(' '));
            String labels = brace >= 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
    }

    public static Scrape of(String serviceUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(serviceUrl + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(serviceUrl + "/q/metrics answered " + response.statusCode());
        }
        return new Scrape(response.body());
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels} ({@code k="v"}). */
    public double sum(String name, String... labels) {
        double sum = 0;
        boolean found = false;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && List.of(labels).stream().allMatch(sample.labels()::contains)) {
                sum += sample.value();
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no sample " + name + " " + List.of(labels) + " in the scrape");
        }
        return sum;
    }
}
