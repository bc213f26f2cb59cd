using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class StudentRecordChangeConfiguration : IEntityTypeConfiguration<StudentRecordChange>
{
    public void Configure(EntityTypeBuilder<StudentRecordChange> b)
    {
        b.ToTable("StudentRecordChanges");
        b.Property(x => x.OldValue).HasMaxLength(FieldLengths.FieldValue);
        b.Property(x => x.NewValue).HasMaxLength(FieldLengths.FieldValue);
        b.HasOne(x => x.Student).WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.StudentId, x.At });
    }
}
