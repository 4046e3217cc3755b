package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Avro values in the Confluent wire format (magic byte 0, 4-byte schema id,
 * Avro binary), decoded with the writer schema fetched once per id from a
 * Confluent-compatible registry: what the Sluice aggregator does, in Java.
 * Used from the single stream thread only.
 */
final class AvroEventDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String registryUrl;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
  private BinaryDecoder decoder;

  AvroEventDecoder(String registryUrl) {
    this.registryUrl = registryUrl;
  }

  /** The record, or null when the value is not in the wire format or does not decode. */
  GenericRecord decode(byte[] bytes) {
    if (bytes == null || bytes.length < 5 || bytes[0] != 0) return null;
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    try {
      decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, decoder);
      return readerFor(id).read(null, decoder);
    } catch (Exception e) {
      return null;
    }
  }

  private GenericDatumReader<GenericRecord> readerFor(int id) throws Exception {
    GenericDatumReader<GenericRecord> reader = readers.get(id);
    if (reader != null) return reader;
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(registryUrl + "/schemas/ids/" + id)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) throw new IllegalStateException("schema " + id + ": HTTP " + response.statusCode());
    Schema schema = new Schema.Parser().parse(JSON.readTree(response.body()).path("schema").asText());
    reader = new GenericDatumReader<>(schema);
    readers.put(id, reader);
    return reader;
  }
}
