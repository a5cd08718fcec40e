package dev.rill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsNestedObjectsArraysAndLiteralsInOrder() {
        Object v = JsonReader.parse(" { \"b\" : [1, -2.5e3, true, false, null], \"a\" : {}, \"c\" : [] } ");
        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("b", "a", "c");
        assertThat(m.get("b")).isEqualTo(Arrays.asList(1.0, -2500.0, true, false, null));
        assertThat((Map<?, ?>) m.get("a")).isEmpty();
        assertThat((List<?>) m.get("c")).isEmpty();
    }

    @Test
    void decodesStringEscapes() {
        assertThat(JsonReader.parse("\"a\\\"b\\\\c\\/d\\n\\u00b5s\"")).isEqualTo("a\"b\\c/d\nµs");
    }

    @Test
    void readsJmhsNanAsANumber() {
        assertThat(JsonReader.number("NaN")).isNaN();
        assertThat(JsonReader.number(2.5)).isEqualTo(2.5);
        assertThatThrownBy(() -> JsonReader.number(true)).hasMessageContaining("not a number");
    }

    @Test
    void namesTheOffsetOfASyntaxError() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\" 1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("':' expected at offset 5");
        assertThatThrownBy(() -> JsonReader.parse("[1, 2")).hasMessageContaining("']' expected");
        assertThatThrownBy(() -> JsonReader.parse("\"open")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> JsonReader.parse("[1] x")).hasMessageContaining("text after the value");
        assertThatThrownBy(() -> JsonReader.parse("")).hasMessageContaining("a value expected");
    }
}
