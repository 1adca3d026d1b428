/**
 * The champion, served. {@link io.streamtune.serving.Champions} is what every way of serving needs from the promoted
 * models of tasks: answers ({@link io.streamtune.serving.Prediction}, each naming the model version that gave it) and
 * a description of the current champion ({@link io.streamtune.serving.ChampionInfo}). A
 * {@link io.streamtune.serving.Scorer} is one loaded model behind it, on DJL or ONNX Runtime.
 */
package io.streamtune.serving;
