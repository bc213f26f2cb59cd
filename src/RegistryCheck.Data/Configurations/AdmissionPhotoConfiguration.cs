using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class AdmissionPhotoConfiguration : IEntityTypeConfiguration<AdmissionPhoto>
{
    public void Configure(EntityTypeBuilder<AdmissionPhoto> b)
    {
        b.Property(x => x.ContentType).HasMaxLength(FieldLengths.ContentType);
        b.Property(x => x.SourceFileName).HasMaxLength(FieldLengths.FileName);
        b.HasOne(x => x.Student).WithMany().HasForeignKey(x => x.StudentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.StudentId, x.IsCurrent });
    }
}
