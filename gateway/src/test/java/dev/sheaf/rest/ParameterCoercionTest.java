package dev.sheaf.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.Scalars;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter text becomes a value of the variable's GraphQL type, or a reason naming what is wrong. */
class ParameterCoercionTest {

  static final GraphQLEnumType TIER = GraphQLEnumType.newEnum().name("Tier").value("BRONZE").value("GOLD").build();

  @Test
  void scalarsAreParsedByType() {
    assertThat(ParameterCoercion.coerce(List.of("42"), Scalars.GraphQLInt)).isEqualTo(42);
    assertThat(ParameterCoercion.coerce(List.of("2.5"), Scalars.GraphQLFloat)).isEqualTo(2.5);
    assertThat(ParameterCoercion.coerce(List.of("true"), Scalars.GraphQLBoolean)).isEqualTo(true);
    assertThat(ParameterCoercion.coerce(List.of("007"), Scalars.GraphQLID)).isEqualTo("007");
    assertThat(ParameterCoercion.coerce(List.of("GOLD"), GraphQLNonNull.nonNull(TIER))).isEqualTo("GOLD");
  }

  @Test
  void aRepeatedParameterMakesAList() {
    GraphQLList ints = GraphQLList.list(GraphQLNonNull.nonNull(Scalars.GraphQLInt));

    Object value = ParameterCoercion.coerce(List.of("1", "2"), ints);

    assertThat(value).isEqualTo(List.of(1, 2));
  }

  @Test
  void textThatIsNoValueOfTheTypeIsRefusedWithAReason() {
    assertThatThrownBy(() -> ParameterCoercion.coerce(List.of("abc"), Scalars.GraphQLInt))
        .hasMessage("must be an integer (32-bit); got 'abc'");
    assertThatThrownBy(() -> ParameterCoercion.coerce(List.of("3000000000"), Scalars.GraphQLInt))
        .hasMessageContaining("32-bit");
    assertThatThrownBy(() -> ParameterCoercion.coerce(List.of("NaN"), Scalars.GraphQLFloat))
        .hasMessage("must be a number; got 'NaN'");
    assertThatThrownBy(() -> ParameterCoercion.coerce(List.of("1.5d"), Scalars.GraphQLFloat))
        .hasMessageContaining("must be a number");
    assertThatThrownBy(() -> ParameterCoercion.coerce(List.of("yes"), Scalars.GraphQLBoolean))
        .hasMessage("must be true or false; got 'yes'");
    assertThatThrownBy(() -> ParameterCoercion.coerce(List.of("PLATINUM"), TIER))
        .hasMessage("must be one of BRONZE, GOLD; got 'PLATINUM'");
    assertThatThrownBy(() -> ParameterCoercion.coerce(List.of("1", "x"), GraphQLList.list(Scalars.GraphQLInt)))
        .hasMessageContaining("got 'x'");
  }

  @Test
  void aSingleValueGivenTwiceIsRefused() {
    assertThatThrownBy(() -> ParameterCoercion.coerce(List.of("1", "2"), Scalars.GraphQLInt))
        .hasMessage("was given 2 times; give it once");
  }
}
