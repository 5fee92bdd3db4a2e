namespace WorkerService;

/// <summary>A dependency of <see cref="ConvertCurrencyNode"/>, registered in the container.</summary>
/// <param name="Currency">The currency prices are converted to.</param>
/// <param name="Rate">How many units of it one catalog unit is worth.</param>
public sealed record CurrencySettings(string Currency, decimal Rate);
