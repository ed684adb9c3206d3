namespace Rekor.Core.Types.Rpm;

/// <summary>The data types of RPM header entries (rpm's <c>rpmTagType</c>), and the size go-rpmutils gives each.</summary>
internal static class RpmTagType
{
    public const int Null = 0;
    public const int Char = 1;
    public const int Int8 = 2;
    public const int Int16 = 3;
    public const int Int32 = 4;
    public const int Int64 = 5;
    public const int String = 6;
    public const int Binary = 7;
    public const int StringArray = 8;
    public const int I18nString = 9;

    /// <summary>Bytes per item of a fixed-size type; -1 for the rest, which go-rpmutils reads as NUL-terminated strings.</summary>
    public static int FixedSize(int type) => type switch
    {
        Null => 0,
        Char or Int8 or Binary => 1,
        Int16 => 2,
        Int32 => 4,
        Int64 => 8,
        _ => -1,
    };
}
