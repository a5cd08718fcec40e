package dev.rill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.testng.annotations.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JUnit XML report parses with the JDK's XML reader into the counts and messages a CI shows. */
public class JUnitXmlReportTest {

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    public void oneReportIsATestsuiteWithATestcasePerTckTestAndTheReportsCounts() throws Exception {
        Document doc = parse(ReportFormat.JUNIT_XML.render(SampleReports.failing("com.example.My<Range>")));

        Element suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("publisher verification of com.example.My<Range> (org.reactivestreams)");
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        assertThat(suite.getAttribute("time")).isEqualTo("0.133");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(5);
        Element spec101 = (Element) cases.item(1);
        assertThat(spec101.getAttribute("classname")).isEqualTo("com.example.My<Range>");
        assertThat(spec101.getAttribute("name"))
                .isEqualTo("§1.1 required_spec101_subscriptionRequestMustResultInTheCorrectNumberOfProducedElements");
        assertThat(spec101.getAttribute("time")).isEqualTo("0.040");
        Element failure = (Element) spec101.getElementsByTagName("failure").item(0);
        String readable = SampleReports.NASTY.replace("\u0001", "\\u0001").replace("\ud800", "\\ud800");
        assertThat(failure.getAttribute("message")).isEqualTo(readable);
        assertThat(failure.getTextContent()).isEqualTo(readable + "\nmeaning: the publisher sent more onNext than requested");
    }

    @Test
    public void aFailedOptionalTestIsSkippedSayingSoAndASkipSaysWhy() throws Exception {
        Document doc = parse(ReportFormat.JUNIT_XML.render(SampleReports.failing("r")));

        NodeList cases = doc.getElementsByTagName("testcase");
        Element optional = (Element) cases.item(3);
        assertThat(optional.getElementsByTagName("failure").getLength()).isZero();
        assertThat(((Element) optional.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .startsWith("optional, not met").contains("took too long");
        Element spec317 = (Element) cases.item(4);
        assertThat(((Element) spec317.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .isEqualTo("needs Integer.MAX_VALUE elements: set maxElements() higher");
        assertThat(((Element) cases.item(2)).getChildNodes().getLength()).isZero(); // a pass is an empty testcase
    }

    @Test
    public void settingsAreProperties() throws Exception {
        Document doc = parse(ReportFormat.JUNIT_XML.render(SampleReports.conforming("r")));

        NodeList properties = doc.getElementsByTagName("property");
        assertThat(properties.getLength()).isEqualTo(6);
        Element calibration = (Element) properties.item(4);
        assertThat(calibration.getAttribute("name")).isEqualTo("calibration");
        assertThat(calibration.getAttribute("value")).isEqualTo("measured: 3 ms per element");
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        Element rerun = (Element) doc.getElementsByTagName("testcase").item(2);
        assertThat(rerun.getElementsByTagName("system-out").item(0).getTextContent())
                .startsWith("passed when run again with a longer timeout");
    }

    @Test
    public void severalReportsAreTestsuitesWithTheSums() throws Exception {
        Document doc = parse(ReportFormat.JUNIT_XML.render(
                List.of(SampleReports.conforming("a"), SampleReports.failing("b"))));

        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
        assertThat(root.getAttribute("tests")).isEqualTo("10");
        assertThat(root.getAttribute("failures")).isEqualTo("2");
        assertThat(root.getAttribute("skipped")).isEqualTo("3");
    }
}
