cases/errors/not-a-key.msoko:2:34: ошибка в имени: столбец `mark` не входит в ключи группировки
 2 | vpr | summarize n = count(), m = mark by school_id
   |                                  ^~~~
  = внутри `summarize` используйте `mark` в агрегатной функции, например `mean(mark)`, или добавьте его после `by`
