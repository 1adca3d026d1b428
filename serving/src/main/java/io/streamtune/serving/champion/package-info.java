/**
 * The champion library: {@link io.streamtune.serving.champion.ChampionModel} (one task) and
 * {@link io.streamtune.serving.champion.ChampionModels} (several) follow the {@code promotions} topic, load and verify
 * each promoted checkpoint, and swap it in atomically. Configured with
 * {@link io.streamtune.serving.champion.ChampionSettings}.
 */
package io.streamtune.serving.champion;
