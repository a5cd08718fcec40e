package dev.rill.bench;

import java.util.Locale;

/**
 * A {@link TableResult} as a markdown table for bench/README.md: each row's times (score ±
 * JMH's 99.9 % half-width), Rill's time over each peer's and over the faster peer's, and the
 * target where the row has one.
 */
final class MarkdownTable {

    private MarkdownTable() {
    }

    static String render(TableResult result) {
        BenchTable t = result.table();
        String unit = unit(result);
        StringBuilder sb = new StringBuilder();
        sb.append("JDK ").append(result.jdk()).append(", ").append(unit).append(" (lower is better); ratio = Rill / peer, below 1 means Rill is faster\n\n");
        sb.append("| benchmark | Rill");
        for (String p : t.peers()) {
            sb.append(" | ").append(p);
        }
        for (String p : t.peers()) {
            sb.append(" | Rill / ").append(p);
        }
        sb.append(" | Rill / faster peer | target |\n|---|---");
        sb.append("|---".repeat(2 * t.peers().size() + 2)).append("|\n");
        for (TableResult.Row row : result.rows()) {
            sb.append("| ").append(row.label()).append(" | ").append(time(row.rill()));
            for (String p : t.peers()) {
                sb.append(" | ").append(time(row.peers().get(p)));
            }
            for (String p : t.peers()) {
                sb.append(" | ").append(ratio(row.ratio(p)));
            }
            Ratio faster = row.ratioToFaster();
            sb.append(" | ").append(faster == null ? "–" : ratio(faster) + " (" + row.fasterPeer() + ")");
            Target target = t.targets().get(row.method());
            sb.append(" | ").append(target == null ? "–" : target.label()).append(" |\n");
        }
        return sb.toString();
    }

    private static String unit(TableResult result) {
        for (TableResult.Row row : result.rows()) {
            if (row.rill() != null) {
                return row.rill().unit();
            }
        }
        return "?";
    }

    static String time(Measurement m) {
        if (m == null) {
            return "–";
        }
        String err = Double.isNaN(m.error()) ? "?" : number(m.error());
        return number(m.score()) + " ±" + err;
    }

    private static String ratio(Ratio r) {
        return r == null ? "–" : r.toString();
    }

    /** Three significant digits, thousands separated: 6,574 / 106 / 3.12 / 0.0542. */
    private static String number(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return a >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
