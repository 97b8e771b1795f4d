/**
 * The LeRobot v3.0 writer of a release, split by the part of the dataset folder each class writes, as
 * {@code dev.touchstone.ingest.lerobot} splits the reader (docs/release/formats.md, which names the LeRobot source
 * files each part follows).
 * <ul>
 *   <li>{@link dev.touchstone.release.lerobot.LeRobotDataset} is the only entry point: it takes release items one
 *   by one and finishes the folder.</li>
 *   <li>{@code Features} fixes the fps, signal features (observation.state and action from the release's
 *   {@code release.LeRobotMapping}, observation.&lt;stream&gt; for the rest), cameras and depth cameras from the first
 *   episode; {@code FrameColumn} is the one list of per-frame columns that info.json, the parquet types and the Hugging Face metadata share.</li>
 *   <li>{@code SignalResampler} and {@code LabelColumns} put signals and labels on the frame grid (subtasks, SARM
 *   segments, language events); {@code DataFiles} writes the rows with the language columns (data/),
 *   {@code Videos} the re-timed camera files and {@code DepthVideos} the quantised depth videos (videos/).</li>
 *   <li>{@code EpisodesTable}, {@code Tasks}, {@code FeatureStats} and {@code InfoJson} write meta/;
 *   {@code Parquet} turns their JSON Lines into parquet with DuckDB.</li>
 * </ul>
 * The package is internal to the release module: {@code release.LeRobotExport} joins the module's frozen release
 * rows and the COCO export to it, and {@code release.ZipFolder} packs the finished folder.
 */
package dev.touchstone.release.lerobot;
