namespace RegistryCheck.Web.Features.Import;

public enum PhotoMatch
{
    ExamNumber = 0,
    StudentNumber = 1,
}
