/**
 * Avro serdes in Confluent's schema-registry wire format and a client of the Confluent registry REST API.
 *
 * <p>Start at {@link io.streamtune.registry.RegistrySerdes}; settings are in
 * {@link io.streamtune.registry.SchemaRegistryConfig}; failures are typed under {@code io.streamtune.registry.errors}.
 */
package io.streamtune.registry;
