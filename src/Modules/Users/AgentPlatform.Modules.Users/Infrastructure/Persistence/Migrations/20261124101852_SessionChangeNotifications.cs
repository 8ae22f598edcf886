using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Modules.Users.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Every change of a user's role, status or deletion, and of a session's revocation or expiry, notifies
    /// channel <c>users_auth_changed</c> with the user id, after commit, so each Host's session cache forgets it.
    /// </summary>
    public partial class SessionChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION users.notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM pg_notify('users_auth_changed', COALESCE(to_jsonb(NEW), to_jsonb(OLD)) ->> TG_ARGV[0]);
                  RETURN NULL;
                END $$;

                CREATE TRIGGER tr_users_auth_changed
                  AFTER UPDATE OF role, status, deleted_at OR DELETE ON users.users
                  FOR EACH ROW EXECUTE FUNCTION users.notify_auth_changed('id');

                CREATE TRIGGER tr_user_sessions_auth_changed
                  AFTER UPDATE OF revoked_at, expires_at OR DELETE ON users.user_sessions
                  FOR EACH ROW EXECUTE FUNCTION users.notify_auth_changed('user_id');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS tr_user_sessions_auth_changed ON users.user_sessions;
                DROP TRIGGER IF EXISTS tr_users_auth_changed ON users.users;
                DROP FUNCTION IF EXISTS users.notify_auth_changed();
                """);
        }
    }
}
