using AgentPlatform.BuildingBlocks.Persistence;
using AgentPlatform.Modules.Users.Domain.Users;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Modules.Users.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users", t => t
            .HasEnumCheck<User, UserRole>("users", "role")
            .HasEnumCheck<User, UserStatus>("users", "status"));
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).ValueGeneratedNever();
        builder.Property(x => x.Username).HasMaxLength(User.UsernameMaxLength).IsRequired();
        builder.Property(x => x.NormalizedUsername).HasMaxLength(User.UsernameMaxLength).IsRequired();
        builder.Property(x => x.Email).HasMaxLength(User.EmailMaxLength).IsRequired();
        builder.Property(x => x.NormalizedEmail).HasMaxLength(User.EmailMaxLength).IsRequired();
        builder.Property(x => x.PasswordHash).HasColumnName("password").HasMaxLength(255).IsRequired();
        builder.Property(x => x.Nickname).HasMaxLength(User.NicknameMaxLength);
        builder.Property(x => x.Avatar).HasMaxLength(User.AvatarMaxLength);
        builder.Property(x => x.Role).HasEnumText(20);
        builder.Property(x => x.Status).HasEnumText(20);
        builder.Ignore(x => x.IsActive);

        // Unique among live accounts, case-insensitively: a deleted account frees its name.
        builder.HasIndex(x => x.NormalizedUsername).IsUnique().HasFilter("deleted_at IS NULL").HasDatabaseName("ux_users_username");
        builder.HasIndex(x => x.NormalizedEmail).IsUnique().HasFilter("deleted_at IS NULL").HasDatabaseName("ux_users_email");
        builder.HasIndex(x => x.CreatedAt);
    }
}
