namespace RegistryCheck.Web.Infrastructure.Files;

/// <param name="MaxPixels">
/// Caps width × height independently of the per-side limits, because 6000 × 6000 is already
/// 36 MP and a decoder (thumbnailing, review page) would allocate ~100 MB for it.
/// </param>
public sealed record FileLimits(
    long PhotoMaxBytes = FileLimits.DefaultPhotoMaxBytes,
    long EvidenceMaxBytes = FileLimits.DefaultEvidenceMaxBytes,
    int MinDimension = 100,
    int MaxDimension = 6000,
    long MaxPixels = 24_000_000)
{
    public const long DefaultPhotoMaxBytes = 2L * 1024 * 1024;
    public const long DefaultEvidenceMaxBytes = 5L * 1024 * 1024;

    public static FileLimits Default { get; } = new();

    public long MaxBytesFor(UploadKind kind) => kind switch
    {
        UploadKind.AdmissionPhoto => PhotoMaxBytes,
        UploadKind.Evidence => EvidenceMaxBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public bool AllowsDimensions(long width, long height) =>
        width >= MinDimension && width <= MaxDimension
        && height >= MinDimension && height <= MaxDimension
        && width * height <= MaxPixels;
}
