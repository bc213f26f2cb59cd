namespace RegistryCheck.Web.Infrastructure.Files;

/// <summary>
/// Outcome of <see cref="UploadInspector.Inspect(ReadOnlySpan{byte}, UploadKind)"/>.
/// When the file is rejected, <see cref="ContentType"/>, <see cref="Width"/> and <see cref="Height"/> may still
/// carry what was detected so the UI can explain the rejection ("照片为 80×90 像素"); only
/// <see cref="IsValid"/> decides whether the file may be stored.
/// </summary>
public sealed record FileInspection
{
    private FileInspection(FileRejection reason, string? contentType, int? width, int? height)
    {
        Reason = reason;
        ContentType = contentType;
        Width = width;
        Height = height;
    }

    public bool IsValid => Reason == FileRejection.None;

    public FileRejection Reason { get; }

    public string? ContentType { get; }

    public int? Width { get; }

    public int? Height { get; }

    /// <summary>The extension to store the file under, derived from its content; empty when the type is unknown.</summary>
    public string Extension => ContentType switch
    {
        FileContentTypes.Jpeg => ".jpg",
        FileContentTypes.Png => ".png",
        FileContentTypes.Pdf => ".pdf",
        _ => "",
    };

    internal static FileInspection Valid(string contentType, int? width = null, int? height = null) =>
        new(FileRejection.None, contentType, width, height);

    internal static FileInspection Rejected(
        FileRejection reason, string? contentType = null, int? width = null, int? height = null) =>
        reason == FileRejection.None
            ? throw new ArgumentException("A rejection needs a reason.", nameof(reason))
            : new(reason, contentType, width, height);
}

public static class FileContentTypes
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Pdf = "application/pdf";
}
