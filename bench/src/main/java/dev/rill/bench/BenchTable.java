package dev.rill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One table of bench/README.md as {@link BenchRunner} runs and draws it: the JMH include regex,
 * the {@code @Param} that picks the peer, Rill's value of it and the peers', other fixed params,
 * short labels of the rows (benchmark methods) and the targets where a row has one.
 * Immutable.
 *
 * @param name    file name and {@code --tables} value
 * @param title   chart title (the README section)
 * @param include JMH include regex
 * @param peerParam the {@code @Param} naming the peer
 * @param rill    Rill's value of {@code peerParam}
 * @param peers   the peers' values of {@code peerParam}, in column order
 * @param params  other {@code @Param}s passed as they are
 * @param labels  benchmark method to the row's label (a method not named keeps its name)
 * @param targets benchmark method to its target
 */
record BenchTable(String name, String title, String include, String peerParam, String rill, List<String> peers,
                  Map<String, String> params, Map<String, String> labels, Map<String, Target> targets) {

    /** JMH arguments selecting this table's benchmarks and params: the regex, then {@code -p} pairs. */
    List<String> jmhSelection() {
        List<String> a = new ArrayList<>();
        a.add(include);
        a.add("-p");
        a.add(peerParam + "=" + rill + "," + String.join(",", peers));
        params.forEach((k, v) -> {
            a.add("-p");
            a.add(k + "=" + v);
        });
        return a;
    }

    String label(String method) {
        return labels.getOrDefault(method, method);
    }
}
