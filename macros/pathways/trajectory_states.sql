{#- Care states of the monthly trajectories (models/pathways/trajectories/), in precedence
    order: the first state whose condition holds in a month wins. `code` is the letter of the
    compact sequence string, `intensity` the care-intensity rank used by the substitution
    costs (NULL for the states outside the care ladder). -#}
{% macro trajectory_states() -%}
    {{ return([
        {'name': 'dead', 'code': 'D', 'intensity': none, 'phrase': 'death',
            'short': 'death'},
        {'name': 'hospital', 'code': 'H', 'intensity': 3, 'phrase': 'hospital care',
            'short': 'hospital'},
        {'name': 'specialist', 'code': 'S', 'intensity': 2, 'phrase': 'specialist follow-up',
            'short': 'specialist'},
        {'name': 'gp_only', 'code': 'G', 'intensity': 1, 'phrase': 'GP follow-up',
            'short': 'GP'},
        {'name': 'no_care', 'code': 'N', 'intensity': 0, 'phrase': 'no care',
            'short': 'no care'},
    ]) }}
{%- endmacro %}

{#- Months after the data end (31 December of var study_last_year) carry this state; it is
    never part of a sequence that is clustered. -#}
{% macro trajectory_censored_state() -%}
    {{ return({'name': 'censored', 'code': 'C'}) }}
{%- endmacro %}

{#- Last day of the data: months starting after it are not observed. -#}
{% macro trajectory_data_end_date() -%}
    cast('{{ var("study_last_year") }}-12-31' as date)
{%- endmacro %}

{#- Month number of a date relative to an index date: 1 = the index date's calendar month,
    0 = the month before. Plain ANSI arithmetic, the same on DuckDB and Spark. -#}
{% macro trajectory_month_number(date_column, index_date_column) -%}
    cast(
        12 * (extract(year from {{ date_column }}) - extract(year from {{ index_date_column }}))
        + extract(month from {{ date_column }}) - extract(month from {{ index_date_column }})
        + 1 as integer
    )
{%- endmacro %}

{#- Substitution cost between two state letters (optimal-matching-like, no insertion or
    deletion): 0 for equal states, the gap of care intensity for two care states
    (no care 0, GP 1, specialist 2, hospital 3), var trajectory_death_substitution_cost between
    death and any living state. This is a metric (a line plus one point at equal distance from
    all of it, larger than the line's length), so medoids behave as centres. -#}
{% macro trajectory_substitution_cost(left_code, right_code) -%}
    {%- set ladder = [] -%}
    {%- for state in trajectory_states() if state.intensity is not none -%}
        {%- do ladder.append(state) -%}
    {%- endfor -%}
    case
        when {{ left_code }} = {{ right_code }} then 0
        when {{ left_code }} = 'D' or {{ right_code }} = 'D'
            then {{ var('trajectory_death_substitution_cost') }}
        else abs(
            {{ _trajectory_intensity(left_code, ladder) }}
            - {{ _trajectory_intensity(right_code, ladder) }}
        )
    end
{%- endmacro %}

{#- Distance between two sequence strings of var trajectory_horizon_months letters: the sum
    over months of trajectory_substitution_cost, month m compared with month m only. -#}
{% macro trajectory_sequence_distance(left_sequence, right_sequence) -%}
    {%- set horizon = trajectory_integer_var('trajectory_horizon_months', 24) %}
    (
    {%- for month_number in range(1, horizon + 1) %}
        {% if not loop.first %}+ {% endif %}{{ trajectory_substitution_cost(
            'substr(' ~ left_sequence ~ ', ' ~ month_number ~ ', 1)',
            'substr(' ~ right_sequence ~ ', ' ~ month_number ~ ', 1)'
        ) }}
    {%- endfor %}
    )
{%- endmacro %}

{#- Care intensity of a state letter column, from the ladder of trajectory_substitution_cost. -#}
{% macro _trajectory_intensity(code_column, ladder) -%}
    (case {{ code_column }} {%- for state in ladder %}
        when '{{ state.code }}' then {{ state.intensity }}
    {%- endfor %} end)
{%- endmacro %}

{#- Number of occurrences of a state letter in a slice of a sequence string. -#}
{% macro trajectory_count_state(sequence_column, code, first_month, n_months) -%}
    (
        length(substr({{ sequence_column }}, {{ first_month }}, {{ n_months }}))
        - length(replace(substr({{ sequence_column }}, {{ first_month }}, {{ n_months }}),
            '{{ code }}', ''))
    )
{%- endmacro %}

{#- A number of months in words, for labels: "2 years" for 24, "1 year" for 12, "18 months"
    otherwise. -#}
{% macro trajectory_months_words(n_months) -%}
    {%- if n_months % 12 == 0 and n_months > 12 -%}
        {{ return((n_months // 12) ~ ' years') }}
    {%- elif n_months == 12 -%}
        {{ return('1 year') }}
    {%- else -%}
        {{ return(n_months ~ ' months') }}
    {%- endif -%}
{%- endmacro %}

{#- Month numbers 1 .. var trajectory_horizon_months, one row each (portable: no generator
    function). -#}
{% macro trajectory_month_numbers() -%}
    {%- set horizon = trajectory_integer_var('trajectory_horizon_months', 24) %}
    {%- for month_number in range(1, horizon + 1) %}
        select {{ month_number }} as month_number
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- Words of a state name column for type labels: key 'phrase' ("GP follow-up") or 'short'
    ("GP"). -#}
{% macro trajectory_state_words(column, key) -%}
    case {{ column }} {%- for state in trajectory_states() %}
        when '{{ state.name }}' then '{{ state[key] }}'
    {%- endfor %} end
{%- endmacro %}

{#- An integer var of the "Care trajectories" block of dbt_project.yml. sqlfluff's jinja
    templater stubs var() with the placeholder string 'item': the loops are then rendered with
    `lint_value`, so that the linted SQL has the shape of the built one. -#}
{% macro trajectory_integer_var(name, lint_value) -%}
    {%- set value = var(name) -%}
    {%- if value is number -%}
        {{ return(value | int) }}
    {%- elif value == 'item' -%}
        {{ return(lint_value) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error('var ' ~ name ~ ' must be an integer: ' ~ value) }}
    {%- endif -%}
{%- endmacro %}
