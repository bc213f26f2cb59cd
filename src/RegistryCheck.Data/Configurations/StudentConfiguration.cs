using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class StudentConfiguration : IEntityTypeConfiguration<Student>
{
    public void Configure(EntityTypeBuilder<Student> b)
    {
        b.Property(x => x.StudentNumber).HasMaxLength(FieldLengths.Number);
        b.Property(x => x.ExamNumber).HasMaxLength(FieldLengths.Number);
        b.Property(x => x.Name).HasMaxLength(FieldLengths.PersonName);
        b.Property(x => x.Ethnicity).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.PoliticalStatus).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.IdType).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.IdNumber).HasMaxLength(FieldLengths.Number);
        b.Property(x => x.SchoolName).HasMaxLength(FieldLengths.OrgName);
        b.Property(x => x.Level).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.StudyForm).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.EducationCategory).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.RegistryStatus).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.Phone).HasMaxLength(FieldLengths.Number);
        b.Property(x => x.Email).HasMaxLength(FieldLengths.Email);
        b.Property(x => x.WeComUserId).HasMaxLength(64);
        b.Property(x => x.FormerName).HasMaxLength(FieldLengths.PersonName);
        b.Property(x => x.IntakeType).HasMaxLength(FieldLengths.ShortText);
        b.Property(x => x.Department).HasMaxLength(FieldLengths.OrgName);
        b.Property(x => x.Remark).HasMaxLength(FieldLengths.FieldValue);
        b.Property(x => x.Version).IsConcurrencyToken();

        b.HasOne(x => x.College).WithMany().HasForeignKey(x => x.CollegeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Major).WithMany().HasForeignKey(x => x.MajorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Class).WithMany().HasForeignKey(x => x.ClassId).OnDelete(DeleteBehavior.Restrict);

        b.HasIndex(x => x.StudentNumber).IsUnique();
        b.HasIndex(x => x.IdNumber).IsUnique();
        b.HasIndex(x => x.ExamNumber);
        b.HasIndex(x => new { x.Cohort, x.CollegeId });
        // Campaign targeting selects a cohort's students by intake type (set-based INSERT … SELECT and moves).
        b.HasIndex(x => new { x.Cohort, x.IntakeType });
    }
}
