package dev.rill.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws one {@link BenchTable} as a PNG bar chart of ratios (Rill's time over each peer's) with
 * XChart: one group of bars per row, one bar per peer and JDK (the JDKs of every result given, side
 * by side), error bars from JMH's half-widths, a line at 1.0 (below it Rill is faster) and a marker
 * at each row's target. Headless: sets {@code java.awt.headless} before XChart touches AWT.
 *
 * <p>Threading: {@link #write} is safe to call from one thread at a time (AWT rendering).
 */
final class RatioChart {

    static final int WIDTH = 900;
    static final int HEIGHT = 480;

    private static final Color[] PALETTE = {
        new Color(0x5B9BD5), new Color(0xED7D31), new Color(0x70AD47), new Color(0xA5A5A5), new Color(0xFFC000)};

    private RatioChart() {
    }

    /** Writes {@code file} (a .png) for {@code results}: one entry per JDK, all of the same table. */
    static void write(List<TableResult> results, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (results.isEmpty()) {
            throw new IllegalArgumentException("results: nothing to draw");
        }
        CategoryChart chart = chart(results);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart chart(List<TableResult> results) {
        BenchTable t = results.get(0).table();
        List<String> jdks = new ArrayList<>();
        results.forEach(r -> jdks.add("JDK " + r.jdkMajor()));
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(t.title() + ", " + String.join(" and ", jdks))
                .xAxisTitle("").yAxisTitle("Rill time / peer time (below 1: Rill faster)").build();
        style(chart);
        List<String> rows = new ArrayList<>();
        results.get(0).rows().forEach(r -> rows.add(r.label()));
        for (int j = 0; j < results.size(); j++) {
            TableResult r = results.get(j);
            for (int i = 0; i < t.peers().size(); i++) {
                String peer = t.peers().get(i);
                CategorySeries s = addSeries(chart, "JDK " + r.jdkMajor() + " / " + peer, rows, r, peer);
                s.setFillColor(color(i, j));
            }
        }
        addTargets(chart, t, results.get(0), rows);
        chart.addAnnotation(new AnnotationLine(1.0, false, false));
        return chart;
    }

    /** A hue per peer, lighter for the first JDK and darker for the next, so a peer's bars read as one family. */
    private static Color color(int peer, int jdk) {
        Color base = PALETTE[peer % PALETTE.length];
        return jdk == 0 ? base : base.darker();
    }

    private static CategorySeries addSeries(CategoryChart chart, String name, List<String> rows, TableResult r, String peer) {
        List<Double> values = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (String label : rows) {
            Ratio ratio = ratioAt(r, label, peer);
            values.add(ratio == null ? 0.0 : ratio.value());
            errors.add(ratio == null || Double.isNaN(ratio.error()) ? 0.0 : ratio.error());
        }
        return chart.addSeries(name, rows, values, errors);
    }

    /** The ratio of the row labelled {@code label} in {@code r} (rows are matched by label across JDKs). */
    private static Ratio ratioAt(TableResult r, String label, String peer) {
        for (TableResult.Row row : r.rows()) {
            if (row.label().equals(label)) {
                return row.ratio(peer);
            }
        }
        return null;
    }

    private static void addTargets(CategoryChart chart, BenchTable t, TableResult first, List<String> rows) {
        List<Double> bounds = new ArrayList<>();
        boolean any = false;
        for (TableResult.Row row : first.rows()) {
            Target target = t.targets().get(row.method());
            bounds.add(target == null ? null : target.bound());
            any |= target != null;
        }
        if (!any) {
            return;
        }
        CategorySeries s = chart.addSeries("target", rows, bounds);
        s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(Color.RED);
    }

    private static void style(CategoryChart chart) {
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setDecimalPattern("0.##");
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setAnnotationLineColor(Color.BLACK);
        chart.getStyler().setAnnotationLineStroke(new BasicStroke(1.5f));
        chart.getStyler().setYAxisMin(0.0);
    }
}
