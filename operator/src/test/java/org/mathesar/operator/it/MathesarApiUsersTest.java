package org.mathesar.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mathesar.operator.rpc.MathesarApi;
import org.mathesar.operator.rpc.MathesarRpcClient;
import org.mathesar.operator.rpc.RpcCallListener;
import org.mathesar.operator.rpc.RpcException;

/**
 * users.list through the admin session, against {@link FakeMathesar} (no API server): the users as
 * Mathesar lists them, and an answer of another shape is an error, never a list that passes the
 * release checks.
 */
class MathesarApiUsersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeMathesar fake;
  private FakeMathesar.Instance instance;
  private MathesarApi api;

  @BeforeEach
  void start() throws Exception {
    fake = FakeMathesar.start();
    instance = fake.addInstance("admin", "admin-password");
    api =
        new MathesarApi(
            new MathesarRpcClient(
                URI.create(fake.url()), "admin", "admin-password", RpcCallListener.NONE));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void listsTheUsersByIdAndName() throws Exception {
    var id = instance.addUser("analyst");
    assertThat(api.users(Duration.ofSeconds(10)))
        .containsExactly(
            new MathesarApi.InstanceUser(1, "admin"), new MathesarApi.InstanceUser(id, "analyst"));
  }

  @Test
  void anAnswerThatIsNotAListIsAnError() throws Exception {
    instance.answerUsersListWith(JSON.readTree("{\"users\": []}"));
    assertThatThrownBy(() -> api.users(Duration.ofSeconds(10)))
        .isInstanceOf(RpcException.class)
        .hasMessageContaining("not a list");
  }

  @Test
  void aUserWithoutANameOrIdIsAnError() throws Exception {
    instance.answerUsersListWith(
        JSON.readTree("[{\"id\": 1, \"username\": \"admin\"}, {\"id\": 2}]"));
    assertThatThrownBy(() -> api.users(Duration.ofSeconds(10)))
        .isInstanceOf(RpcException.class)
        .hasMessageContaining("without an id or a username");
    instance.answerUsersListWith(JSON.readTree("[{\"username\": \"admin\"}]"));
    assertThatThrownBy(() -> api.users(Duration.ofSeconds(10))).isInstanceOf(RpcException.class);
  }
}
