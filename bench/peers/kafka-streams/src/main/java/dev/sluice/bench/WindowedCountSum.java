package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The Kafka Streams peer of bench/aggregator: JSON events (or Avro in the
 * Confluent wire format when a registry URL is given), event time from the
 * `ts` field, a tumbling window with grace, count and sum(amount) per group
 * field, results written as JSON. Same window, grace and commit interval as
 * the Sluice aggregator in the same run.
 *
 * STORE is `rocksdb`, Kafka Streams' fault-tolerant default (a persistent
 * RocksDB window store backed by a changelog topic), or `memory` (an
 * in-memory window store without changelog: state lost on a crash), so the
 * cost of durable state can be read off the same run.
 *
 * Usage: WindowedCountSum BOOTSTRAP INPUT OUTPUT APPLICATION_ID WINDOW_MS GRACE_MS COMMIT_MS GROUP_FIELD STORE [REGISTRY_URL]
 */
public final class WindowedCountSum {
  /** A decoded event: what the window needs of it. */
  record Event(String group, long ts, double amount) {}

  static final ObjectMapper JSON = new ObjectMapper();

  static final class EventSerde implements Serde<Event> {
    private final String groupField;
    private final AvroEventDecoder avro;

    EventSerde(String groupField, AvroEventDecoder avro) {
      this.groupField = groupField;
      this.avro = avro;
    }

    @Override
    public Serializer<Event> serializer() {
      return (topic, event) -> {
        throw new UnsupportedOperationException("events are only read");
      };
    }

    @Override
    public Deserializer<Event> deserializer() {
      if (avro != null) {
        return (topic, bytes) -> {
          var record = avro.decode(bytes);
          if (record == null) return null;
          Object group = record.get(groupField);
          Object amount = record.get("amount");
          return new Event(group == null ? "" : group.toString(), (Long) record.get("ts"), amount instanceof Number n ? n.doubleValue() : 0);
        };
      }
      return (topic, bytes) -> {
        try {
          JsonNode node = JSON.readTree(bytes);
          return new Event(node.path(groupField).asText(""), node.path("ts").asLong(), node.path("amount").asDouble(0));
        } catch (java.io.IOException e) {
          return null;
        }
      };
    }
  }

  /** count and sum as 16 bytes, for the window store. */
  static final class CountSumSerde implements Serde<double[]> {
    @Override
    public Serializer<double[]> serializer() {
      return (topic, v) -> ByteBuffer.allocate(16).putDouble(v[0]).putDouble(v[1]).array();
    }

    @Override
    public Deserializer<double[]> deserializer() {
      return (topic, bytes) -> {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new double[] {buffer.getDouble(), buffer.getDouble()};
      };
    }
  }

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String input = args[1];
    String output = args[2];
    String applicationId = args[3];
    long windowMs = Long.parseLong(args[4]);
    long graceMs = Long.parseLong(args[5]);
    long commitMs = Long.parseLong(args[6]);
    String groupField = args[7];
    String store = args[8];
    AvroEventDecoder avro = args.length > 9 ? new AvroEventDecoder(args[9]) : null;

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ks-peer").toString());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTime.class);

    EventSerde events = new EventSerde(groupField, avro);
    StreamsBuilder builder = new StreamsBuilder();
    // The record key is the group field (user_id), so grouping by key needs no repartition, as in Sluice.
    builder.stream(input, Consumed.with(Serdes.String(), events))
        .filter((key, event) -> event != null)
        .groupByKey(Grouped.with(Serdes.String(), events))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(windowMs), Duration.ofMillis(graceMs)))
        .aggregate(
            () -> new double[] {0, 0},
            (group, event, state) -> {
              state[0] += 1;
              state[1] += event.amount();
              return state;
            },
            windowStore(store)
                .withKeySerde(Serdes.String())
                .withValueSerde(new CountSumSerde()))
        .toStream()
        .map((window, state) -> new org.apache.kafka.streams.KeyValue<>(
            window.key() + "|" + window.window().start(),
            "{\"group\":" + JSON.valueToTree(window.key()) + ",\"windowStart\":" + window.window().start()
                + ",\"windowEnd\":" + window.window().end() + ",\"count\":" + (long) state[0] + ",\"sum\":" + state[1] + "}"))
        .to(output, Produced.with(Serdes.String(), Serdes.String()));

    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.setUncaughtExceptionHandler(error -> {
      error.printStackTrace();
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      System.err.println("kafka streams " + before + " -> " + now);
      if (now == KafkaStreams.State.ERROR) Runtime.getRuntime().halt(2);
    });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(Duration.ofSeconds(10));
      stopped.countDown();
    }));
    streams.start();
    stopped.await();
  }

  /** The window store of STORE; both keep the DSL's retention (window size + grace) and its record cache. */
  static Materialized<String, double[], WindowStore<Bytes, byte[]>> windowStore(String store) {
    Materialized<String, double[], WindowStore<Bytes, byte[]>> named = Materialized.as("count-sum");
    return switch (store) {
      case "rocksdb" -> named;
      case "memory" -> named.withStoreType(new BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers()).withLoggingDisabled();
      default -> throw new IllegalArgumentException("STORE must be rocksdb or memory, not " + store);
    };
  }

  /** Event time from the decoded event's `ts`. */
  public static final class EventTime implements org.apache.kafka.streams.processor.TimestampExtractor {
    @Override
    public long extract(org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> record, long partitionTime) {
      Object value = record.value();
      return value instanceof Event event ? event.ts() : partitionTime;
    }
  }

  private WindowedCountSum() {}
}
