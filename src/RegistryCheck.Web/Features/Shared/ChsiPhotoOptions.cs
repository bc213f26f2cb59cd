namespace RegistryCheck.Web.Features.Shared;

/// <summary>
/// CHSI's admission-photo specification ("Photos:Chsi"): 480 × 640 px (3:4), JPEG, within a byte window. The photo
/// import and the photo report check uploads against it; the "Photos for CHSI" export converts to it.
/// </summary>
public sealed class ChsiPhotoOptions
{
    public const string Section = "Photos:Chsi";

    public int Width { get; set; } = 480;

    public int Height { get; set; } = 640;

    /// <summary>20 KB (20 × 1024 bytes).</summary>
    public long MinBytes { get; set; } = 20 * 1024;

    /// <summary>100 KB (100 × 1024 bytes).</summary>
    public long MaxBytes { get; set; } = 100 * 1024;
}
