package dev.rill.tck;

/** What {@code --help} prints: each option of {@link ConformanceCli} with an example. */
final class CliHelp {

    private CliHelp() {
    }

    static final String TEXT = """
            rill-conformance: runs the Reactive Streams TCK 1.0.4 against your publisher, subscriber or
            processor and reports rule by rule (§1.1 to §3.17) what passed, failed (and what it means)
            and was skipped (and why).

            usage: java -jar rill-conformance.jar SUBJECT... [--classpath PATH] [OPTIONS]

            Subjects (each takes a class name; give as many as you like, each is checked in turn; the
            class needs a public constructor without arguments and implements the interface named,
            from dev.rill.tck, or its Flow twin, e.g. FlowPublisherUnderTest):
              --publisher CLASS            a PublisherUnderTest (makes a publisher of n elements,
                                           optionally a failed one): the publisher verification
              --subscriber CLASS           a SubscriberUnderTest: the blackbox subscriber verification
              --whitebox-subscriber CLASS  a WhiteboxSubscriberUnderTest: the whitebox subscriber
                                           verification
              --processor CLASS            a ProcessorUnderTest (a processor and an element generator):
                                           the identity processor verification

            Options:
              --classpath PATH, -cp PATH   where your classes are: jars and folders separated by '%s'
                                           (may be repeated); without it, the runner's own class path
              --flow                       run the java.util.concurrent.Flow verifications: a Reactive
                                           Streams subject is seen through FlowAdapters (a Flow subject
                                           is checked as Flow anyway)
              --timeout MS                 the TCK's timeout per expected signal, in milliseconds;
                                           without it the runner measures the machine and chooses
              --format FORMAT              text (default), markdown, json or junit-xml (for CI servers)
              --out FILE                   write the report to FILE instead of standard output (the
                                           verdicts are still printed)
              --help, -h                   this help

            Exit status: 0 every subject conforms, 1 a required rule failed, 2 bad usage (the
            problem is named on standard error).

            Examples:
              java -jar rill-conformance.jar --publisher com.example.MyRangeUnderTest --classpath my.jar
              java -jar rill-conformance.jar --processor com.example.MyMapUnderTest --flow \\
                  --classpath target/classes --timeout 200
              java -jar rill-conformance.jar --publisher com.example.A --subscriber com.example.B \\
                  --classpath my.jar --format junit-xml --out target/conformance.xml
            """.formatted(java.io.File.pathSeparator);
}
