namespace Floxide;

/// <summary>One report a <see cref="ThrottlingSignalRecording"/> kept, and how long ago it was made.</summary>
/// <param name="Exception">The exception reported.</param>
/// <param name="Age">
/// How long before <see cref="ThrottlingSignalRecording.GetReported"/> it was reported: what of a wait it carries has
/// already passed (a step that met a 429 asking for a second has usually waited that second before the item ended).
/// </param>
public readonly record struct RecordedThrottlingSignal(Exception Exception, TimeSpan Age);
