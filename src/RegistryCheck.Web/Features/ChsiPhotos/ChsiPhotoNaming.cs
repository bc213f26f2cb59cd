namespace RegistryCheck.Web.Features.ChsiPhotos;

/// <summary>What the zip's JPEG files are named by; CHSI accepts either.</summary>
public enum ChsiPhotoNaming
{
    ExamNumber,
    IdNumber,
}
