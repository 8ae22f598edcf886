namespace AgentPlatform.Modules.Billing.Domain;

/// <summary>Amounts are numeric(20,8): at most 8 decimals and 12 integer digits, never rounded silently.</summary>
internal static class Money
{
    public const int Scale = 8;

    /// <summary>The largest amount a single operation may move; keeps every balance inside numeric(20,8).</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>The largest balance an account may hold: far below numeric(20,8)'s limit, so no sum can overflow it.</summary>
    public const decimal MaxBalance = 100_000_000_000m;

    public static bool HasValidScale(decimal value) => value.Scale <= Scale || decimal.Round(value, Scale) == value;

    public static bool IsValidPositive(decimal value) => value > 0 && value <= MaxAmount && HasValidScale(value);

    public static bool IsValidNonNegative(decimal value) => value >= 0 && value <= MaxAmount && HasValidScale(value);

    /// <summary>Prices computed from rates are rounded up to the 8th decimal: the platform never undercharges by a rounding.</summary>
    public static decimal RoundCharge(decimal value) => decimal.Round(value, Scale, MidpointRounding.ToPositiveInfinity);
}
