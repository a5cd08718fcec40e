package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatioChartTest {

    @Test
    void writesAPngOfTheTableHeadless(@TempDir Path dir) throws Exception {
        TableResult jdk17 = TableResult.of(Suite.named("timer"), List.of(
                result("startThenCancel", "rill", 9, "17.0.15"), result("startThenCancel", "netty", 10, "17.0.15"),
                result("startThenCancelInside", "rill", 3, "17.0.15"), result("startThenCancelInside", "netty", 10, "17.0.15")));
        TableResult jdk25 = TableResult.of(Suite.named("timer"), List.of(
                result("startThenCancel", "rill", 8, "25.0.1"), result("startThenCancel", "netty", 10, "25.0.1")));
        Path png = dir.resolve("charts").resolve("timer.png");

        RatioChart.write(List.of(jdk17, jdk25), png);

        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
        assertThat(Files.size(png)).isPositive();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(RatioChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(RatioChart.HEIGHT);
    }

    @Test
    void refusesToDrawNothing(@TempDir Path dir) {
        assertThatThrownBy(() -> RatioChart.write(List.of(), dir.resolve("x.png"))).hasMessageContaining("results");
    }

    private static JmhResult result(String method, String peer, double score, String jdk) {
        return new JmhResult("dev.rill.bench.TimerBench." + method, Map.of("peer", peer), new Measurement(score, 0.5, "us/op"), jdk);
    }
}
