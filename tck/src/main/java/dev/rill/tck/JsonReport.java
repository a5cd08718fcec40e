package dev.rill.tck;

import java.util.List;

/**
 * Reports as JSON ({@link ReportFormat#JSON}): one object per report (an array of them for
 * several) with the subject, the verification, the settings, the verdict, the totals, the rule
 * rows (with their tests' names) and every TCK test with its message and meaning. Written by hand
 * (no JSON library in the runner); strings are escaped per RFC 8259, a lone surrogate included, so
 * any strict reader takes it. Stateless.
 */
final class JsonReport {

    private JsonReport() {
    }

    static String render(List<ConformanceReport> reports) {
        StringBuilder b = new StringBuilder();
        if (reports.size() == 1) {
            report(b, reports.get(0), "");
        } else {
            b.append("[\n");
            for (int i = 0; i < reports.size(); i++) {
                b.append("  ");
                report(b, reports.get(i), "  ");
                b.append(i + 1 < reports.size() ? ",\n" : "\n");
            }
            b.append(']');
        }
        return b.append('\n').toString();
    }

    private static void report(StringBuilder b, ConformanceReport r, String indent) {
        String in = indent + "  ";
        b.append("{\n");
        b.append(in).append("\"subject\": ").append(string(r.subject())).append(",\n");
        b.append(in).append("\"verification\": ").append(string(r.verification().name())).append(",\n");
        b.append(in).append("\"verificationTitle\": ").append(string(r.verification().title())).append(",\n");
        b.append(in).append("\"flow\": ").append(r.flow()).append(",\n");
        b.append(in).append("\"timeoutMillis\": ").append(r.timeoutMillis()).append(",\n");
        b.append(in).append("\"noSignalTimeoutMillis\": ").append(r.noSignalTimeoutMillis()).append(",\n");
        b.append(in).append("\"calibration\": ").append(string(r.calibration())).append(",\n");
        b.append(in).append("\"conforms\": ").append(r.conforms()).append(",\n");
        b.append(in).append("\"verdict\": ").append(string(ReportText.verdict(r))).append(",\n");
        b.append(in).append("\"totals\": ").append(totals(r)).append(",\n");
        b.append(in).append("\"rules\": [");
        for (int i = 0; i < r.rules().size(); i++) {
            b.append(i == 0 ? "\n" : ",\n").append(in).append("  ").append(row(r.rules().get(i)));
        }
        b.append(r.rules().isEmpty() ? "],\n" : "\n" + in + "],\n");
        b.append(in).append("\"tests\": [");
        for (int i = 0; i < r.tests().size(); i++) {
            b.append(i == 0 ? "\n" : ",\n").append(in).append("  ").append(test(r.tests().get(i)));
        }
        b.append(r.tests().isEmpty() ? "]\n" : "\n" + in + "]\n");
        b.append(indent).append('}');
    }

    private static String totals(ConformanceReport r) {
        StringBuilder b = new StringBuilder("{");
        for (Outcome o : Outcome.values()) {
            b.append(string(ReportText.name(o))).append(": ").append(r.count(o)).append(", ");
        }
        Requirement[] requirements = Requirement.values();
        for (int i = 0; i < requirements.length; i++) {
            Requirement q = requirements[i];
            b.append(string(ReportText.name(q))).append(": {");
            for (Outcome o : Outcome.values()) {
                b.append(string(ReportText.name(o))).append(": ").append(r.count(q, o))
                        .append(o.ordinal() + 1 < Outcome.values().length ? ", " : "");
            }
            b.append(i + 1 < requirements.length ? "}, " : "}");
        }
        return b.append('}').toString();
    }

    private static String row(RuleRow row) {
        StringBuilder b = new StringBuilder("{\"rule\": ").append(string(row.rule()))
                .append(", \"title\": ").append(string(row.title()))
                .append(", \"requirement\": ").append(string(row.requirement().name()))
                .append(", \"outcome\": ").append(string(row.outcome().name()))
                .append(", \"tests\": [");
        for (int i = 0; i < row.tests().size(); i++) {
            b.append(i == 0 ? "" : ", ").append(string(row.tests().get(i).test()));
        }
        return b.append("]}").toString();
    }

    private static String test(TestOutcome t) {
        return "{\"test\": " + string(t.test())
                + ", \"rule\": " + string(t.rule())
                + ", \"requirement\": " + string(t.requirement().name())
                + ", \"outcome\": " + string(t.outcome().name())
                + ", \"message\": " + string(t.message())
                + ", \"meaning\": " + string(t.meaning())
                + ", \"rerun\": " + t.rerun()
                + ", \"elapsedMillis\": " + t.elapsedMillis() + "}";
    }

    /**
     * {@code s} as a JSON string: quotes, backslashes and control characters escaped, and a
     * surrogate without its pair as a {@code \\u} escape (it has no UTF-8 form of its own).
     */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        unicode(b, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicode(b, c);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void unicode(StringBuilder b, char c) {
        b.append("\\u");
        String hex = Integer.toHexString(c);
        b.append("0".repeat(4 - hex.length())).append(hex);
    }
}
