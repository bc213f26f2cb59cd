namespace RegistryCheck.Web.Infrastructure.Files;

public enum UploadKind
{
    /// <summary>The student's admission photo: JPEG or PNG only.</summary>
    AdmissionPhoto,

    /// <summary>Supporting documents for a correction request: JPEG, PNG or PDF.</summary>
    Evidence,
}
