using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.Property(x => x.Key).HasMaxLength(64);
        b.HasIndex(x => x.Key).IsUnique();
        b.Property(x => x.Method).HasMaxLength(16);
        b.Property(x => x.SsoSessionHash).HasMaxLength(64);
        b.HasIndex(x => x.SsoSessionHash);
        b.Property(x => x.IpAddress).HasMaxLength(64);
        b.Property(x => x.UserAgent).HasMaxLength(256);
        b.HasIndex(x => new { x.UserId, x.ExpiresAt });
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
