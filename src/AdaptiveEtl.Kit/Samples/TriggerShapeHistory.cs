using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Samples;

/// <summary>The run history of one <see cref="TriggerShape"/> made by <see cref="TriggerShapeSample.Generate"/>.</summary>
/// <param name="Shape">The generating pattern.</param>
/// <param name="Pipeline">Pipeline name of the runs (the shape in snake case, e.g. <c>hourly_cron_jitter</c>).</param>
/// <param name="Runs">The runs, sorted by trigger time, run ids 1..n, trigger times in UTC truncated to the second.</param>
/// <param name="Holidays">The calendar the pipeline follows (non-empty only for <see cref="TriggerShape.BusinessDayDaily"/>).</param>
/// <param name="MissedSlots">Slots of the schedule that had no run (only <see cref="TriggerShape.HourlyCronJitter"/> misses slots).</param>
public sealed record TriggerShapeHistory(TriggerShape Shape, string Pipeline, IReadOnlyList<RunRecord> Runs, HolidayCalendar Holidays, int MissedSlots);
